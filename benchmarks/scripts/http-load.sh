#!/usr/bin/env bash
# HTTP load on the sample application with wrk, on the loopback interface only.
#
# 1. /actuator/rusage against /actuator/health: after a warm-up, ROUNDS rounds that
#    each run both endpoints, alternately, with the same connections and duration;
#    prints the throughput ratio of each round and their median.
# 2. /actuator/prometheus latency with the rusage meters and without them: two fresh
#    samples side by side, one started with management.metrics.enable.process.rusage=false,
#    warmed alike; checks that only the first exports process_rusage_* series, then
#    ROUNDS rounds that each load both, alternately, with the same settings; prints the
#    medians and the median of the per-round with ÷ without ratios (p50 latency and
#    throughput).
#
# Usage: benchmarks/scripts/http-load.sh      (ROUNDS=5 DURATION=5s CONNECTIONS=8 THREADS=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/scripts/common.sh

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
WARMUP=${WARMUP:-10s}
out=benchmarks/target/http
mkdir -p "$out"

require_wrk

SAMPLE_JAR=$(sample_jar)
port=$(free_port)
trap stop_sample EXIT
base=http://127.0.0.1:$port

load() { # load URL: prints requests per second
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1" | awk '/^Requests\/sec:/ { print $2 }'
}

latency() { # latency URL: prints "req/s p50 p99" (latencies in ms)
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
		END { printf "%s %.3f %.3f\n", rps, p50, p99 }'
}

echo "sample: $SAMPLE_JAR; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, $(nproc) cores"
start_sample "$out/sample.log" "$port" --management.endpoints.web.exposure.include=health,rusage,prometheus
curl -fsS "$base/actuator/rusage" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$base/actuator/rusage" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$base/actuator/health" >/dev/null

: >"$out/ratios.txt"
for round in $(seq 1 "$ROUNDS"); do
	if [ $((round % 2)) = 1 ]; then
		rusage=$(load "$base/actuator/rusage"); health=$(load "$base/actuator/health")
	else
		health=$(load "$base/actuator/health"); rusage=$(load "$base/actuator/rusage")
	fi
	ratio=$(awk -v a="$rusage" -v b="$health" 'BEGIN { printf "%.3f", a / b }')
	echo "$ratio" >>"$out/ratios.txt"
	echo "round $round: /actuator/rusage $rusage req/s, /actuator/health $health req/s, ratio $ratio"
done
echo "/actuator/rusage ÷ /actuator/health throughput, median of $ROUNDS rounds: $(median <"$out/ratios.txt")"

# Part 2: two fresh samples side by side, with and without the rusage meters, warmed
# alike (the first sample's part-1 load would otherwise favour it), so that the two
# /actuator/prometheus variants alternate round by round, as the two endpoints above do.
series() { # series PORT: the rusage series one scrape exports
	curl -fsS "http://127.0.0.1:$1/actuator/prometheus" | grep -c '^process_rusage_' || true
}

if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/prometheus")" != 200 ]; then
	echo "/actuator/prometheus: not available in this sample build (no micrometer-registry-prometheus)"
	exit 0
fi
stop_sample
start_sample "$out/sample-meters.log" "$port" --management.endpoints.web.exposure.include=health,rusage,prometheus
with_pid=$SAMPLE_PID
no_port=$(free_port)
start_sample "$out/sample-no-meters.log" "$no_port" --management.endpoints.web.exposure.include=health,rusage,prometheus \
	--management.metrics.enable.process.rusage=false
no_pid=$SAMPLE_PID
trap 'SAMPLE_PID=$no_pid; stop_sample; SAMPLE_PID=$with_pid; stop_sample' EXIT
declare -A url=([with-meters]="$base/actuator/prometheus" [without-meters]="http://127.0.0.1:$no_port/actuator/prometheus")
with_series=$(series "$port")
without_series=$(series "$no_port")
echo "/actuator/prometheus: $with_series rusage series with the meters, $without_series without;" \
	"$(curl -fsS "${url[with-meters]}" | wc -c) and $(curl -fsS "${url[without-meters]}" | wc -c) bytes"
if [ "$with_series" = 0 ] || [ "$without_series" != 0 ]; then
	echo "expected rusage series with the meters and none without them" >&2
	exit 1
fi
for label in with-meters without-meters without-meters with-meters; do
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${url[$label]}" >/dev/null
	: >"$out/prometheus-$label.txt"
done
: >"$out/prometheus-ratios.txt"
for round in $(seq 1 "$ROUNDS"); do
	if [ $((round % 2)) = 1 ]; then order="with-meters without-meters"; else order="without-meters with-meters"; fi
	for label in $order; do
		latency "${url[$label]}" >>"$out/prometheus-$label.txt"
	done
	with=$(tail -n 1 "$out/prometheus-with-meters.txt")
	without=$(tail -n 1 "$out/prometheus-without-meters.txt")
	echo "$with $without" | awk '{ printf "%.3f %.3f\n", $2 / $5, $1 / $4 }' >>"$out/prometheus-ratios.txt"
	echo "$with $without" | awk -v r="$round" '{ printf "round %s: with meters %s req/s, p50 %s ms, p99 %s ms; without %s req/s, p50 %s ms, p99 %s ms\n", r, $1, $2, $3, $4, $5, $6 }'
done
for label in with-meters without-meters; do
	f=$out/prometheus-$label.txt
	echo "/actuator/prometheus $label, medians of $ROUNDS rounds: $(cut -d' ' -f1 "$f" | median) req/s, p50 $(cut -d' ' -f2 "$f" | median) ms, p99 $(cut -d' ' -f3 "$f" | median) ms"
done
echo "/actuator/prometheus with ÷ without the meters, median of per-round ratios: p50 latency $(cut -d' ' -f1 "$out/prometheus-ratios.txt" | median), throughput $(cut -d' ' -f2 "$out/prometheus-ratios.txt" | median)"
