#!/usr/bin/env bash
# Concurrent HTTP: starts the sample jar, then runs wrk at saturation against
# /actuator/rusage for 60 s and reports requests, socket errors and non-2xx responses.
# Fails if there is any socket error or non-2xx response, or an ERROR in the app log.
# Usage: benchmarks/scripts/reliability-wrk.sh [seconds] [connections] [path]
#        (defaults: 60, 64, /actuator/rusage)
set -euo pipefail
cd "$(dirname "$0")/../.."

duration="${1:-60}"
connections="${2:-64}"
path="${3:-/actuator/rusage}"
. .ci/versions.sh
jar="sample-app/target/rusage-spring-boot-sample-${RUSAGE_VERSION}.jar"
scripts="benchmarks/scripts"

if ! command -v wrk >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
	else
		echo "wrk is not installed: apt-get install wrk (Debian/Ubuntu) or brew install wrk" >&2
		exit 1
	fi
fi
if [ ! -f "${jar}" ]; then
	./mvnw -B -q -pl sample-app -am package -DskipTests
fi

log="$(mktemp -t rusage-sample.XXXXXX.log)"
java --enable-native-access=ALL-UNNAMED -jar "${jar}" --server.port=0 --spring.main.banner-mode=off >"${log}" 2>&1 &
app=$!
trap 'kill "${app}" 2>/dev/null || true; wait "${app}" 2>/dev/null || true' EXIT

port=""
for _ in $(seq 1 300); do
	port="$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "${log}" | head -1)"
	[ -n "${port}" ] && break
	kill -0 "${app}" 2>/dev/null || { cat "${log}" >&2; exit 1; }
	sleep 0.2
done
[ -n "${port}" ] || { echo "the sample did not start" >&2; cat "${log}" >&2; exit 1; }
url="http://127.0.0.1:${port}${path}"
echo "sample pid ${app} on port ${port}, log ${log}"

# warm-up, not counted
wrk -t2 -c"${connections}" -d10s "${url}" >/dev/null
out="$(wrk -t2 -c"${connections}" -d"${duration}s" --timeout 5s -s "${scripts}/reliability-wrk.lua" "${url}")"
echo "${out}"
rss="$(awk '/VmRSS/ {print $2, $3}' "/proc/${app}/status")"
errors_in_log="$(grep -c ' ERROR ' "${log}" || true)"
echo "sample VmRSS after the run: ${rss}; ERROR lines in its log: ${errors_in_log}"

result="$(echo "${out}" | sed -n 's/^RESULT //p')"
eval "${result}"
if [ "${socket_errors}" != 0 ] || [ "${non2xx}" != 0 ] || [ "${errors_in_log}" != 0 ]; then
	echo "FAILED: ${result}, ERROR lines ${errors_in_log}" >&2
	exit 1
fi
echo "OK: ${requests} requests, 0 socket errors, 0 non-2xx"
