#!/usr/bin/env bash
# Runs the benchmarks: builds benchmarks.jar, compiles the C loop
# with gcc, then runs JMH (every benchmark in one run, -prof gc, JSON results in
# benchmarks/target/jmh-results.json) and the paired-ratio harness.
#
#   benchmarks/run.sh            JMH, then the paired ratios
#   benchmarks/run.sh jmh [JMH options, e.g. ResourceUsageBenchmark.service -f 2]
#   benchmarks/run.sh paired [rounds=60 batchMillis=20 threads=20,200,1000 threadRounds=15]
#   benchmarks/run.sh observation [JMH options]   ObservationBenchmark alone: the observation
#                                handler's cost against two getrusage(THREAD) calls, -prof gc,
#                                results in benchmarks/target/jmh-observation-results.json
#
# JAVA=/path/to/bin/java picks the JVM that runs them (default: java on PATH). On Java 22+
# both bindings run (the build compiles the ffm binding with the JDK 22+ Maven's toolchain
# discovery finds: /usr/lib/jvm, JAVA<n>_HOME, ...); on Java 17, JNA only: add
# -p binding=jna to JMH there, as BindingBenchmark's ffm case cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=$root/benchmarks/target
what=${1:-all}
if [ $# -gt 0 ]; then shift; fi
case $what in all|jmh|paired|observation) ;; *) echo "usage: $0 [all|jmh|paired|observation] [options]" >&2; exit 2 ;; esac

command -v gcc >/dev/null || { echo "gcc is needed to build the C loop (apt-get install gcc)" >&2; exit 1; }
./mvnw -B -q package -pl benchmarks -am -DskipTests
mkdir -p "$target/native"
gcc -O2 -shared -fPIC -Wall -Wextra -Werror -o "$target/native/librusageloop.so" benchmarks/src/main/c/rusage_loop.c
export RUSAGE_LOOP_LIBRARY=$target/native/librusageloop.so
# A fixed, pre-touched heap: on a VM that hands memory back to its host (such as a
# Firecracker guest with free page reporting), the first touch of each heap page is a
# costly fault, which would otherwise be charged to whatever allocates during the run.
heap=(-Xms1g -Xmx1g -XX:+AlwaysPreTouch)
java=("${JAVA:-java}" --enable-native-access=ALL-UNNAMED "${heap[@]}" -cp "$target/benchmarks.jar")

run_jmh() { # run_jmh NAME [JMH options]: results in $target/NAME-results.json, output in NAME-output.txt
	local name=$1
	shift
	"${java[@]}" dev.rusage.benchmarks.RunBenchmarks -prof gc -rf json -rff "$target/$name-results.json" "$@" \
		2>&1 | tee "$target/$name-output.txt"
}

run_paired() {
	"${java[@]}" dev.rusage.benchmarks.PairedRatios "$@" 2>&1 | tee "$target/paired-results.txt"
}

case $what in
	all) run_jmh jmh && run_paired ;;
	jmh) run_jmh jmh "$@" ;;
	paired) run_paired "$@" ;;
	observation) run_jmh jmh-observation ObservationBenchmark "$@" ;;
	*) echo "usage: $0 [all|jmh|paired|observation] [options]" >&2; exit 2 ;;
esac
