#!/usr/bin/env bash
# Spring AOT on the JVM: builds the sample with Spring Boot's process-aot (sample-app's
# profile aot, into sample-app/target/aot, apart from the ordinary build), starts that jar
# with -Dspring.aot.enabled=true and checks that it answers /actuator/rusage (200, JSON),
# a Prometheus scrape with the process_rusage_* meters and /digest (200, measured).
#
# AOT fixes the conditions at build time, so an endpoint exposed only on the command line
# at run time is absent: both runs expose `beans` on the command line only, and the
# AOT-processed app must answer 404 where the same jar without AOT answers 200. The sample
# exposes rusage in its application.properties, which AOT reads at build time.
#
# Prints each response, and the native-image hints that AOT wrote for the bindings (from
# the registrar in META-INF/spring/aot.factories), for the record. Run it after the main
# build: -am finds the other modules up to date. Further arguments go to Maven. Exit status
# 1 if any check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/scripts/common.sh # free_port, start_sample, stop_sample; sources .ci/versions.sh

if ! command -v curl >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing curl (Debian package)" >&2
		apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >&2
	else
		echo "curl is needed: apt-get install curl" >&2
		exit 1
	fi
fi

build=sample-app/target/aot
out=$build/check
mkdir -p "$out"
echo "aot-check: ./mvnw -B -pl sample-app -am -Paot package -DskipTests $* (log: $out/build.log)"
start=$SECONDS
if ! ./mvnw -B -pl sample-app -am -Paot package -DskipTests "$@" >"$out/build.log" 2>&1; then
	grep -E '^\[(ERROR|WARNING)\]' "$out/build.log" | head -40
	echo "!!! AOT CHECK FAILED: the build with process-aot failed, see $out/build.log" >&2
	exit 1
fi
echo "aot-check: built in $((SECONDS - start)) s"
SAMPLE_JAR=$build/rusage-spring-boot-sample-$RUSAGE_VERSION.jar
port=$(free_port)
trap stop_sample EXIT
# exposed on the command line only: absent under AOT
runtime_exposure=--management.endpoints.web.exposure.include=health,info,rusage,metrics,prometheus,beans

failures=()
fail() {
	failures+=("$1")
	echo "!!! FAILED: $1"
}

# get PATH: sets status and body, and prints both (the body cut to 700 characters)
get() {
	rm -f "$out/body"
	status=$(curl -s -o "$out/body" -w '%{http_code}' "http://127.0.0.1:$port$1" || true)
	body=$(cat "$out/body" 2>/dev/null || true)
	printf '\nGET %s -> %s\n%s\n' "$1" "$status" "${body:0:700}"
}

# expect DESCRIPTION COMMAND...: records a failure when the command fails
expect() {
	local description=$1
	shift
	"$@" || fail "$description"
}

contains() { [[ "$body" == *"$1"* ]]; }

# the hints of our bindings in the metadata AOT wrote: section, type and members, one a line
binding_hints() {
	unzip -p "$SAMPLE_JAR" 'META-INF/native-image/dev.rusage/rusage-spring-boot-sample/reachability-metadata.json' |
		awk '
			function add(member) { members = members (members == "" ? "" : ", ") member }
			/^  "[a-z]+" *: *\[/ { section = $1; gsub(/[":]/, "", section) }
			/^      "type"/ { type = $0; sub(/.*: *"/, "", type); sub(/".*/, "", type); members = "" }
			/^          "name"/ { name = $0; sub(/.*: *"/, "", name); sub(/".*/, "", name); params = "" }
			/^          "parameterTypes"/ && /\]/ { add(name "()") }
			/^            "/ { param = $0; gsub(/[ ",]/, "", param); params = params (params == "" ? "" : ",") param }
			/^          \]/ { add(name "(" params ")") }
			/^    }/ { if (type ~ /^(dev\.rusage\.(jna|ffm)|com\.sun\.jna)\./) print section ": " type " " members; type = "" }
		'
}

echo
echo "== AOT: java -Dspring.aot.enabled=true -jar $SAMPLE_JAR $runtime_exposure"
SAMPLE_JAVA_OPTS=-Dspring.aot.enabled=true start_sample "$out/aot.log" "$port" "$runtime_exposure"
expect "the AOT run did not log 'Starting AOT-processed'" grep -q 'Starting AOT-processed' "$out/aot.log"
grep -m1 'Starting AOT-processed' "$out/aot.log" | sed 's/^.*: Starting/Starting/'
get /actuator/rusage
expect "/actuator/rusage under AOT: 200 with the usage of self" \
	test "$status" = 200 -a "${body:0:25}" = '{"who":"self","ru_utime":'
get /actuator/rusage/thread
expect "/actuator/rusage/thread under AOT: 200" test "$status" = 200
get /actuator/info
expect "/actuator/info under AOT: 200 naming the binding" test "$status" = 200
expect "/actuator/info under AOT names the rusage binding" contains '"binding":"'
get '/digest?rounds=1000'
expect "/digest under AOT: 200, measured" test "$status" = 200
expect "/digest under AOT: measured" contains '"measured":true'
status=$(curl -s -o "$out/prometheus.txt" -w '%{http_code}' "http://127.0.0.1:$port/actuator/prometheus" || true)
printf '\nGET /actuator/prometheus -> %s (the process_rusage_ samples)\n' "$status"
grep '^process_rusage_' "$out/prometheus.txt" || true
expect "/actuator/prometheus under AOT: 200" test "$status" = 200
expect "/actuator/prometheus under AOT has process_rusage_cpu_time_seconds_total" \
	grep -q '^process_rusage_cpu_time_seconds_total{application="rusage-sample",mode="user",who="self"}' "$out/prometheus.txt"
get /actuator/beans
expect "/actuator/beans, exposed at run time only, under AOT: 404" test "$status" = 404
stop_sample

echo
echo "== the same jar without AOT: java -jar $SAMPLE_JAR $runtime_exposure"
start_sample "$out/jvm.log" "$port" "$runtime_exposure"
expect "the run without AOT logged 'Starting AOT-processed'" bash -c "! grep -q 'Starting AOT-processed' '$out/jvm.log'"
get /actuator/rusage
expect "/actuator/rusage without AOT: 200" test "$status" = 200
status=$(curl -s -o "$out/beans.json" -w '%{http_code}' "http://127.0.0.1:$port/actuator/beans" || true)
printf '\nGET /actuator/beans -> %s (%s bytes)\n' "$status" "$(wc -c <"$out/beans.json")"
expect "/actuator/beans, exposed at run time, without AOT: 200" test "$status" = 200
stop_sample

echo
echo "== native-image hints for the bindings, as AOT wrote them into the jar"
binding_hints | tee "$out/hints.txt"
for hint in "reflection: dev.rusage.ffm.FfmRusageBinding load()" \
	"reflection: dev.rusage.jna.JnaRusageBinding load()" \
	"reflection: dev.rusage.jna.LibC getpagesize(), getrusage(int,long), strerror(int)" \
	"jni: dev.rusage.jna.LibC getpagesize(), getrusage(int,long), strerror(int)" \
	"jni: com.sun.jna.LastErrorException <init>(java.lang.String)"; do
	expect "hint missing: $hint" grep -qxF "$hint" "$out/hints.txt"
done

echo
if ((${#failures[@]} > 0)); then
	echo "!!! AOT CHECK FAILED (${#failures[@]}): logs in $out" >&2
	printf '!!!   %s\n' "${failures[@]}" >&2
	exit 1
fi
echo "aot-check: passed (logs in $out)"
