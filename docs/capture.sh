#!/usr/bin/env bash
# Fills the captured output of README.md and docs/*.md from the sample application, so that
# no response in the documentation is typed by hand. Each block to fill is marked:
#
#   <!-- capture: GET /actuator/rusage -->
#   ```console
#   (rewritten)
#   ```
#   <!-- /capture -->
#
# "GET <path>" shows the whole answer (JSON is indented, arrays of plain values kept on one
# line); "GET <path> | grep <regex>" keeps the lines that match (a regex without spaces
# that Python, Java and grep -E read alike, such as ^process_rusage). The script starts
# the sample jar on a free port (building it when it is missing), sends it 20 requests
# each to /digest?rounds=1000 and /ping so that the per-request meters have something to
# show, then rewrites every marked block and stops the
# sample. DocumentationTests checks that each block still has the keys the sample answers
# with (values vary).
#
# Usage: docs/capture.sh     JAVA=/path/to/bin/java picks the JVM (default: java on PATH)
# Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls sample-app/target/rusage-spring-boot-sample-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
	./mvnw -B -q -pl sample-app -am package -DskipTests
	jar=$(ls sample-app/target/rusage-spring-boot-sample-*.jar | head -n 1)
fi
java=${JAVA:-java}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$java" -jar "$jar" --server.port="$port" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
	curl -fs "localhost:$port/actuator/health" >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "the sample did not start" >&2; exit 1; }
	sleep 0.5
done
for _ in $(seq 1 20); do
	curl -fs "localhost:$port/digest?rounds=1000" >/dev/null
	curl -fs "localhost:$port/ping" >/dev/null
done
sleep 1
PORT=$port python3 - README.md docs/*.md <<'EOF'
import json, os, re, sys, urllib.error, urllib.request

port = os.environ["PORT"]
marker = re.compile(r"^<!--\s*capture:\s*GET (\S+)(?: \| grep (\S+))?\s*-->$")

class Raw(str):
    pass

def fmt(value, indent=""):
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [inner + json.dumps(k) + ": " + fmt(v, inner) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return "[" + ", ".join(fmt(v) for v in value) + "]"
        return "[\n" + ",\n".join(inner + fmt(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, Raw):
        return str(value)
    return json.dumps(value)

def get(path):
    try:
        with urllib.request.urlopen("http://localhost:%s%s" % (port, path)) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")

def capture(path, grep):
    body = get(path)
    url = "localhost:8080" + path
    command = "$ curl -s " + (("'" + url + "'") if re.search(r"[?&*]", url) else url)
    if grep:
        pattern = re.compile(grep)
        lines = [line for line in body.splitlines() if pattern.search(line)]
        return [command + " | grep -E '" + grep + "'"] + lines
    value = json.loads(body, parse_float=Raw, parse_int=Raw)
    return [command] + fmt(value).splitlines()

for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out, i, changed = [], 0, 0
    while i < len(lines):
        out.append(lines[i])
        m = marker.match(lines[i].strip())
        i += 1
        if not m:
            continue
        if not lines[i].startswith("```"):
            sys.exit("%s:%d: a capture marker must be followed by a fenced block" % (name, i))
        fence = lines[i]
        end = lines.index("<!-- /capture -->", i)
        out.append(fence)
        out.extend(capture(m.group(1), m.group(2)))
        out.append("```")
        out.append("<!-- /capture -->")
        i = end + 1
        changed += 1
    with open(name, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    if changed:
        print("%s: %d block(s) captured" % (name, changed))
EOF
