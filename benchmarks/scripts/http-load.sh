#!/usr/bin/env bash
# HTTP load on the sample application with wrk, on the loopback interface only.
#
# 1. /actuator/rusage against /actuator/health: after a warm-up, ROUNDS rounds that
#    each run both endpoints, alternately, with the same connections and duration;
#    prints the throughput ratio of each round and their median.
# 2. /actuator/prometheus latency with the rusage meters and without them (a second
#    start with management.metrics.enable.process.rusage=false), same settings.
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

if ! command -v wrk >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing wrk (Debian package)" >&2
		apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
	else
		echo "wrk is needed: apt-get install wrk" >&2
		exit 1
	fi
fi

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

prometheus() { # prometheus LABEL [application arguments...]
	local label=$1
	shift
	if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/prometheus")" != 200 ]; then
		echo "/actuator/prometheus ($label): not available in this sample build"
		return
	fi
	echo "/actuator/prometheus ($label): $(curl -fsS "$base/actuator/prometheus" | grep -c '^process_rusage_' || true) rusage series"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$base/actuator/prometheus" >/dev/null
	: >"$out/prometheus-$label.txt"
	for round in $(seq 1 "$ROUNDS"); do
		latency "$base/actuator/prometheus" | tee -a "$out/prometheus-$label.txt" |
			awk -v r="$round" -v l="$label" '{ printf "  %s round %s: %s req/s, p50 %s ms, p99 %s ms\n", l, r, $1, $2, $3 }'
	done
}

prometheus with-meters
stop_sample
start_sample "$out/sample-no-meters.log" "$port" --management.endpoints.web.exposure.include=health,rusage,prometheus \
	--management.metrics.enable.process.rusage=false
prometheus without-meters
stop_sample

if [ -s "$out/prometheus-with-meters.txt" ] && [ -s "$out/prometheus-without-meters.txt" ]; then
	for label in with-meters without-meters; do
		f=$out/prometheus-$label.txt
		echo "/actuator/prometheus $label, medians: $(cut -d' ' -f1 "$f" | median) req/s, p50 $(cut -d' ' -f2 "$f" | median) ms, p99 $(cut -d' ' -f3 "$f" | median) ms"
	done
fi
