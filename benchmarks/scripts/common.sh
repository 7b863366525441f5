# Shared by the benchmark scripts: finds or builds the sample jar, starts and stops it.
# Sourced, not run. Expects to be at the repository root.

. .ci/versions.sh

# wrk, installed from Debian's packages when missing and we are root; fails otherwise
require_wrk() {
	if command -v wrk >/dev/null; then
		return 0
	fi
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing wrk (Debian package)" >&2
		apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
	else
		echo "wrk is needed: apt-get install wrk" >&2
		exit 1
	fi
}

# the repackaged sample jar of this checkout's version, built when absent or REBUILD=1
sample_jar() {
	local jar="sample-app/target/rusage-spring-boot-sample-$RUSAGE_VERSION.jar"
	if [ ! -f "$jar" ] || [ "${REBUILD:-0}" = 1 ]; then
		# removed first: Boot's repackage keeps a repackaged jar's old nested jars
		rm -f "$jar" "$jar.original"
		# the build finds a JDK 22+ by itself and compiles the ffm binding with it
		./mvnw -B -q package -pl sample-app -am -DskipTests >&2
	fi
	echo "$jar"
}

# a small jar of the benchmarks module's bare clock handler and its auto-configuration
# (dev.rusage.benchmarks.bare), for LOADER_PATH; built when absent, older than its
# sources, or REBUILD=1. It acts only with --bench.bare-clock-handler=true.
bare_clock_jar() {
	local jar=benchmarks/target/bare-clock-handler.jar classes=benchmarks/target/classes
	local sources=benchmarks/src/main/java/dev/rusage/benchmarks/bare
	if [ ! -f "$jar" ] || [ "${REBUILD:-0}" = 1 ] || [ -n "$(find "$sources" benchmarks/src/main/resources -newer "$jar")" ]; then
		./mvnw -B -q compile -pl benchmarks -am >&2
		rm -f "$jar"
		jar --create --file "$jar" -C "$classes" META-INF/spring -C "$classes" dev/rusage/benchmarks/bare >&2
	fi
	echo "$jar"
}

free_port() {
	local port
	for port in $(seq 18080 18180); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	echo "no free port in 18080-18180" >&2
	return 1
}

# start_sample LOG PORT [application arguments...]: starts the jar in the background,
# sets SAMPLE_PID, waits until /actuator/health answers 200 (at most 120 s). SAMPLE_JAVA
# names the java to run (default: java on PATH); SAMPLE_PREFIX, such as "taskset -c 1",
# a command that runs it and execs it, so that SAMPLE_PID is still the JVM's.
start_sample() {
	local log=$1 port=$2
	shift 2
	local launch=(-jar "$SAMPLE_JAR")
	if [ -n "${LOADER_PATH:-}" ]; then
		# Boot's PropertiesLauncher adds LOADER_PATH to the application's class path
		launch=(-Dloader.path="$LOADER_PATH" -cp "$SAMPLE_JAR" org.springframework.boot.loader.launch.PropertiesLauncher)
	fi
	${SAMPLE_PREFIX:-} "${SAMPLE_JAVA:-java}" --enable-native-access=ALL-UNNAMED ${SAMPLE_JAVA_OPTS:-} "${launch[@]}" \
		--server.port="$port" "$@" >"$log" 2>&1 &
	SAMPLE_PID=$!
	for _ in $(seq 1 1200); do
		if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health")" = 200 ]; then
			return 0
		fi
		if ! kill -0 "$SAMPLE_PID" 2>/dev/null; then
			echo "the sample exited; its log:" >&2
			cat "$log" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "the sample did not answer within 120 s; see $log" >&2
	stop_sample
	return 1
}

stop_sample() {
	if [ -n "${SAMPLE_PID:-}" ]; then
		kill "$SAMPLE_PID" 2>/dev/null || true
		wait "$SAMPLE_PID" 2>/dev/null || true
		SAMPLE_PID=
	fi
}

# median of the numbers on standard input, one a line
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# quartiles of the numbers on standard input, one a line: "q1 median q3", each linearly
# interpolated between the nearest ranks (as R's type 7 and numpy's default)
quartiles() {
	sort -g | awk '
		function q(p,   h, i) { h = (NR - 1) * p + 1; i = int(h); return (i >= NR) ? v[NR] : v[i] + (h - i) * (v[i + 1] - v[i]) }
		{ v[NR] = $1 }
		END { if (NR == 0) { print "nan nan nan"; exit } printf "%.2f %.2f %.2f\n", q(0.25), q(0.5), q(0.75) }'
}
