#!/usr/bin/env bash
# Startup cost of the starter: starts the sample application RUNS times with the
# starter's auto-configurations and RUNS times without them (excluded with
# spring.autoconfigure.exclude), alternately, and prints the median of Spring's
# "Started ... in X seconds" of each, and their difference. Without the starter, the
# sample's controller still needs a ResourceUsageService: a stub that never touches JNA
# (dev.rusage.benchmarks.StartupStubService) is added with spring.main.sources, from the
# benchmarks module's classes through Boot's PropertiesLauncher, in both variants alike.
#
# Usage: benchmarks/scripts/startup.sh      (RUNS=7)
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/scripts/common.sh

RUNS=${RUNS:-7}
out=benchmarks/target/startup
mkdir -p "$out"
SAMPLE_JAR=$(sample_jar)
if [ ! -f benchmarks/target/classes/dev/rusage/benchmarks/StartupStubService.class ]; then
	./mvnw -B -q compile -pl benchmarks -am >&2
fi
export LOADER_PATH=$PWD/benchmarks/target/classes
port=$(free_port)
trap stop_sample EXIT
# every auto-configuration the starter registers
exclude=$(unzip -p "$SAMPLE_JAR" 'BOOT-INF/lib/rusage-spring-boot-autoconfigure-*.jar' >"$out/autoconfigure.jar" &&
	unzip -p "$out/autoconfigure.jar" META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports |
	grep -v '^\s*#' | grep . | paste -sd, -)
echo "sample: $SAMPLE_JAR; $RUNS runs each; excluded in 'without': $exclude"

started() { # started LOG: the seconds Spring reports
	sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$1" | head -n 1
}

: >"$out/with.txt"
: >"$out/without.txt"
for run in $(seq 1 "$RUNS"); do
	for variant in with without; do
		if [ "$variant" = with ]; then args=(); else args=(--spring.autoconfigure.exclude="$exclude" --spring.main.sources=dev.rusage.benchmarks.StartupStubService); fi
		start_sample "$out/$variant-$run.log" "$port" "${args[@]}"
		if [ "$variant" = with ] && ! curl -fsS "http://127.0.0.1:$port/actuator/rusage" >/dev/null; then
			echo "the starter is not active in the 'with' run" >&2
			exit 1
		fi
		stop_sample
		started "$out/$variant-$run.log" | tee -a "$out/$variant.txt" >/dev/null
	done
	echo "run $run: with $(tail -n 1 "$out/with.txt") s, without $(tail -n 1 "$out/without.txt") s"
done
with=$(median <"$out/with.txt")
without=$(median <"$out/without.txt")
paste "$out/with.txt" "$out/without.txt" | awk '{ printf "%.0f\n", ($1 - $2) * 1000 }' | sort -g >"$out/differences.txt"
added=$(median <"$out/differences.txt")
quartiles=$(awk '{ v[NR] = $1 } END { printf "[%s, %s]", v[int((NR + 3) / 4)], v[int((3 * NR + 3) / 4)] }' "$out/differences.txt")
echo "median startup: with the starter $with s, without $without s;" \
	"difference of the medians $(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.0f", (a - b) * 1000 }') ms," \
	"median of the per-run differences $added ms $quartiles"
