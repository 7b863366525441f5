#!/usr/bin/env bash
# What the per-request observation handler costs under HTTP load, with wrk on the
# loopback interface only.
#
# Two samples are started once, side by side, the same in everything but the handler:
# one as it comes ("on"), one with rusage.observation.enabled=false ("off"). Both are
# pinned to the same CPUs (SERVER_CPUS) and wrk to others (WRK_CPUS), and they are warmed
# alike. Then ROUNDS rounds each load both, one after the other in an order that
# alternates round by round, with the same connections and duration, on two endpoints:
# /ping, which does nothing (the request the handler weighs most on), and
# /digest?rounds=1000. Before the rounds, the script checks that only "on" exports
# http_server_requests_cpu_time_seconds; any non-2xx response or socket error voids the
# run. Prints each round, the medians of throughput and p50 latency, and the median of
# the per-round on ÷ off throughput ratios against the targets: at least 0.95 for /ping
# and 0.99 for /digest. The exit status does not depend on the targets.
#
# Usage: benchmarks/scripts/observation-overhead.sh
#   ROUNDS=10 DURATION=10s WARMUP=15s CONNECTIONS=8 THREADS=1
#   SERVER_CPUS, WRK_CPUS  CPU lists for taskset (default with 2+ CPUs: wrk on CPU 0, the
#                          samples on the others); PIN=0 pins nothing
#   SAMPLE_JAVA            the java that runs the samples (default: java on PATH)
#   SAMPLE_JAVA_OPTS       their JVM options (default: a fixed, pre-touched 512 MiB heap)
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/scripts/common.sh

ROUNDS=${ROUNDS:-10}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
SAMPLE_JAVA_OPTS=${SAMPLE_JAVA_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}
out=benchmarks/target/observation-overhead
mkdir -p "$out"

require_wrk

cpus=$(nproc)
if [ "${PIN:-1}" = 1 ] && [ "$cpus" -ge 2 ]; then
	if [ "$cpus" = 2 ]; then others=1; else others=1-$((cpus - 1)); fi
	SERVER_CPUS=${SERVER_CPUS:-$others}
	WRK_CPUS=${WRK_CPUS:-0}
fi
wrk_prefix=()
if [ -n "${SERVER_CPUS:-}" ]; then SAMPLE_PREFIX="taskset -c $SERVER_CPUS"; fi
if [ -n "${WRK_CPUS:-}" ]; then wrk_prefix=(taskset -c "$WRK_CPUS"); fi

SAMPLE_JAR=$(sample_jar)
declare -A port pid
trap 'for v in on off; do SAMPLE_PID=${pid[$v]:-}; stop_sample; done' EXIT
port[on]=$(free_port)
start_sample "$out/sample-on.log" "${port[on]}" --management.endpoints.web.exposure.include=health,prometheus
pid[on]=$SAMPLE_PID
port[off]=$(free_port)
start_sample "$out/sample-off.log" "${port[off]}" --management.endpoints.web.exposure.include=health,prometheus \
	--rusage.observation.enabled=false
pid[off]=$SAMPLE_PID
declare -A path=([ping]="/ping" [digest]="/digest?rounds=1000")
declare -A target=([ping]=0.95 [digest]=0.99)

load() { # load VARIANT ENDPOINT DURATION: prints "req/s p50" (p50 in ms); fails on any error
	local result
	result=$("${wrk_prefix[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency \
		"http://127.0.0.1:${port[$1]}${path[$2]}")
	if grep -qE '^ *(Non-2xx|Socket errors)' <<<"$result"; then
		echo "wrk on $1 ${path[$2]} had errors:" >&2
		echo "$result" >&2
		return 1
	fi
	awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) }
		END { printf "%s %.3f\n", rps, p50 }' <<<"$result"
}

cpu_series() { # cpu_series VARIANT ENDPOINT: the http_server_requests_cpu_time_seconds_count of the endpoint
	curl -fsS "http://127.0.0.1:${port[$1]}/actuator/prometheus" |
		awk -v uri="uri=\"${2%%\?*}\"" 'index($0, "http_server_requests_cpu_time_seconds_count{") == 1 && index($0, uri) { print $NF; found = 1 }
			END { if (!found) print "none" }'
}

echo "sample: $SAMPLE_JAR on $("${SAMPLE_JAVA:-java}" -version 2>&1 | head -n 1)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, warm-up $WARMUP; $cpus CPUs," \
	"samples on ${SERVER_CPUS:-any}, wrk on ${WRK_CPUS:-any}; JVM options: $SAMPLE_JAVA_OPTS"
for variant in on off off on; do
	for endpoint in ping digest; do
		load "$variant" "$endpoint" "$WARMUP" >/dev/null
	done
done
for endpoint in ping digest; do
	on=$(cpu_series on "${path[$endpoint]}")
	off=$(cpu_series off "${path[$endpoint]}")
	echo "${path[$endpoint]}: http_server_requests_cpu_time_seconds_count on $on, off $off"
	if [ "$on" = none ] || [ "$off" != none ]; then
		echo "expected per-request CPU time from the 'on' sample only" >&2
		exit 1
	fi
	for variant in on off; do : >"$out/$endpoint-$variant.txt"; done
	: >"$out/$endpoint-ratios.txt"
done

for round in $(seq 1 "$ROUNDS"); do
	if [ $((round % 2)) = 1 ]; then order="on off"; else order="off on"; fi
	for endpoint in ping digest; do
		for variant in $order; do
			load "$variant" "$endpoint" "$DURATION" >>"$out/$endpoint-$variant.txt"
		done
		on=$(tail -n 1 "$out/$endpoint-on.txt")
		off=$(tail -n 1 "$out/$endpoint-off.txt")
		echo "$on $off" | awk '{ printf "%.4f\n", $1 / $3 }' >>"$out/$endpoint-ratios.txt"
		echo "$on $off" | awk -v r="$round" -v p="${path[$endpoint]}" -v q="$(tail -n 1 "$out/$endpoint-ratios.txt")" \
			'{ printf "round %s %s: on %s req/s, p50 %s ms; off %s req/s, p50 %s ms; on/off %s\n", r, p, $1, $2, $3, $4, q }'
	done
done

echo
for endpoint in ping digest; do
	for variant in on off; do
		f=$out/$endpoint-$variant.txt
		echo "${path[$endpoint]} $variant, medians of $ROUNDS rounds: $(cut -d' ' -f1 "$f" | median) req/s, p50 $(cut -d' ' -f2 "$f" | median) ms"
	done
	ratio=$(median <"$out/$endpoint-ratios.txt")
	verdict=$(awk -v r="$ratio" -v t="${target[$endpoint]}" 'BEGIN { print (r >= t) ? "met" : "MISSED" }')
	echo "${path[$endpoint]} throughput on/off, median of per-round ratios: $ratio (target >= ${target[$endpoint]}: $verdict)"
done
