#!/usr/bin/env bash
# What the per-request observation handler costs each request in CPU time: the server's
# own CPU per request (utime + stime of the JVM from /proc/PID/stat, over the 2xx requests
# wrk counted), for several instances of the sample application in the same rounds.
#
# Variants (VARIANTS, default "on off bare"), each INSTANCES samples of its own (default 1), started once:
#   on           the starter as it comes
#   off          --rusage.observation.enabled=false
#   bare         the handler off, and instead a reference handler that only reads the
#                thread's CPU clock (ThreadMXBean.getCurrentThreadCpuTime, one
#                clock_gettime) when the request observation's scope opens and closes,
#                keeping both values in the context, no meter: the floor
#                (benchmarks/src/main/java/dev/rusage/benchmarks/bare)
#   on-counters  on, with page faults, context switches and block operations
#   before       on, from another sample jar (SAMPLE_BEFORE_JAR, such as main built before
#                a change), so that before and after land in the same rounds; added to
#                the variants when SAMPLE_BEFORE_JAR is set
# Every variant runs through Boot's PropertiesLauncher with the bare handler's jar on
# loader.path (it acts only in "bare"), so they differ in nothing else.
#
# The samples are pinned to SERVER_CPUS and wrk to WRK_CPUS. After the warm-up the script
# checks that only on, on-counters and before export http_server_requests_cpu_time_seconds
# and that the bare handler measured the requests (its gauge bench_bare_clock_observations),
# and prints each one's binding. Then ROUNDS rounds: in each, every variant gets DURATION of
# wrk load on ENDPOINT, in an order that rotates round by round (ORDER=shuffle shuffles
# it); any non-2xx response or socket error voids the round. Prints each round, then per
# variant the median and quartiles of CPU per request, and the same of the paired
# differences round by round (on - off, bare - off, on - bare, ...), with the machine's
# load (uptime) before and after. Everything is also in benchmarks/target/cpu-per-request.
#
# Usage: benchmarks/scripts/cpu-per-request.sh [--java PATH|17|25]
#   ROUNDS=10 DURATION=10s WARMUP=10s (twice per variant) CONNECTIONS=8 THREADS=1
#   ENDPOINT=/ping VARIANTS="on off bare" ORDER=rotate|shuffle
#   INSTANCES=1            samples started per variant; with more, each round loads every
#                          instance, a variant's figure pools its instances' rounds, a
#                          paired difference compares the variants' means within a round,
#                          and each instance's median is printed: on a JVM whose instances
#                          differ by more than the rounds do (one instance's JIT compiles
#                          the server's hot path better than another's), one instance per
#                          variant measures the instances, not the variants
#   SAMPLE_JAVA            the java that runs the samples (default: java on PATH); --java
#                          wins, 17 and 25 naming the JDKs of this machine
#   SAMPLE_BEFORE_JAR      a sample jar for the "before" variant
#   SAMPLE_JAVA_OPTS       the samples' JVM options (default: a fixed, pre-touched heap)
#   SERVER_CPUS, WRK_CPUS  CPU lists for taskset (default with 2+ CPUs: wrk on CPU 0, the
#                          samples all on CPU 1); PIN=0 pins nothing
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/scripts/common.sh

while [ $# -gt 0 ]; do
	case $1 in
		--java)
			case ${2:?--java needs a path, 17 or 25} in
				17) SAMPLE_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java ;;
				25) SAMPLE_JAVA=${JAVA25_HOME:-$JAVA25_HOME_DEFAULT}/bin/java ;;
				*) SAMPLE_JAVA=$2 ;;
			esac
			shift 2
			;;
		*) echo "usage: $0 [--java PATH|17|25] (settings in the environment: see the script's head)" >&2; exit 2 ;;
	esac
done

ROUNDS=${ROUNDS:-10}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
ENDPOINT=${ENDPOINT:-/ping}
ORDER=${ORDER:-rotate}
INSTANCES=${INSTANCES:-1}
read -r -a variants <<<"${VARIANTS:-on off bare}"
if [ -n "${SAMPLE_BEFORE_JAR:-}" ] && [[ " ${variants[*]} " != *" before "* ]]; then
	variants+=(before)
fi
SAMPLE_JAVA=${SAMPLE_JAVA:-java}
SAMPLE_JAVA_OPTS=${SAMPLE_JAVA_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}
export SAMPLE_JAVA SAMPLE_JAVA_OPTS
clk_tck=$(getconf CLK_TCK)
out=benchmarks/target/cpu-per-request
mkdir -p "$out"
rm -f "$out"/*.txt
exec > >(tee "$out/output.txt") 2>&1

require_wrk

cpus=$(nproc)
if [ "${PIN:-1}" = 1 ] && [ "$cpus" -ge 2 ]; then
	SERVER_CPUS=${SERVER_CPUS:-1}
	WRK_CPUS=${WRK_CPUS:-0}
fi
wrk_prefix=()
if [ -n "${SERVER_CPUS:-}" ]; then SAMPLE_PREFIX="taskset -c $SERVER_CPUS"; fi
if [ -n "${WRK_CPUS:-}" ]; then wrk_prefix=(taskset -c "$WRK_CPUS"); fi

after_jar=$(sample_jar)
LOADER_PATH=$(bare_clock_jar)
# the samples, "VARIANT.K" for the K-th instance of a variant
declare -A port pid args jar
units=()
for variant in "${variants[@]}"; do
	for k in $(seq 1 "$INSTANCES"); do
		unit=$variant.$k
		units+=("$unit")
		jar[$unit]=$after_jar
		case $variant in
			on) args[$unit]="" ;;
			off) args[$unit]="--rusage.observation.enabled=false" ;;
			bare) args[$unit]="--rusage.observation.enabled=false --bench.bare-clock-handler=true" ;;
			on-counters) args[$unit]="--rusage.observation.page-faults=true --rusage.observation.context-switches=true --rusage.observation.block-operations=true" ;;
			before)
				jar[$unit]=${SAMPLE_BEFORE_JAR:?the before variant needs SAMPLE_BEFORE_JAR}
				args[$unit]=""
				;;
			*) echo "unknown variant $variant (on, off, bare, on-counters, before)" >&2; exit 2 ;;
		esac
	done
done

stop_all() {
	for unit in "${units[@]}"; do
		SAMPLE_PID=${pid[$unit]:-}
		stop_sample
	done
}
trap stop_all EXIT

echo "load before: $(uptime)"
echo "java: $("$SAMPLE_JAVA" -version 2>&1 | head -n 1) ($SAMPLE_JAVA); JVM options: $SAMPLE_JAVA_OPTS"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION $ENDPOINT, $ROUNDS rounds ($ORDER), $INSTANCES instance(s) per variant, warm-up 2 x $WARMUP;" \
	"$cpus CPUs, samples on ${SERVER_CPUS:-any}, wrk on ${WRK_CPUS:-any}; CLK_TCK $clk_tck"
for unit in "${units[@]}"; do
	port[$unit]=$(free_port)
	SAMPLE_JAR=${jar[$unit]}
	# shellcheck disable=SC2086
	start_sample "$out/sample-$unit.log" "${port[$unit]}" \
		--management.endpoints.web.exposure.include=health,info,prometheus ${args[$unit]}
	pid[$unit]=$SAMPLE_PID
	echo "$unit: pid ${pid[$unit]}, port ${port[$unit]}, ${jar[$unit]} ${args[$unit]}"
done

cpu_ticks() { # cpu_ticks PID: utime + stime of the process, in clock ticks
	# the fields after the command name, which is in parentheses and may hold spaces
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

load() { # load UNIT DURATION: prints "requests ticks", or "void REASON" on any error
	local before after result
	before=$(cpu_ticks "${pid[$1]}")
	if ! result=$("${wrk_prefix[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" "http://127.0.0.1:${port[$1]}$ENDPOINT"); then
		echo "void wrk failed"
		return
	fi
	after=$(cpu_ticks "${pid[$1]}")
	if grep -qE '^ *(Non-2xx|Socket errors)' <<<"$result"; then
		echo "void $(grep -E '^ *(Non-2xx|Socket errors)' <<<"$result" | tr -s ' ' | tr '\n' ' ')"
		return
	fi
	awk -v ticks=$((after - before)) '$2 == "requests" && $3 == "in" { print $1, ticks; found = 1 }
		END { if (!found) print "void no request count" }' <<<"$result"
}

prometheus() { # prometheus UNIT: the sample's scrape
	curl -fsS "http://127.0.0.1:${port[$1]}/actuator/prometheus"
}

for pass in forward reverse; do
	for ((i = 0; i < ${#units[@]}; i++)); do
		if [ "$pass" = forward ]; then unit=${units[$i]}; else unit=${units[$((${#units[@]} - 1 - i))]}; fi
		warm=$(load "$unit" "$WARMUP")
		if [[ $warm == void* ]]; then
			echo "the warm-up of $unit failed: $warm" >&2
			exit 1
		fi
	done
done

uri="uri=\"$ENDPOINT\""
for unit in "${units[@]}"; do
	variant=${unit%.*}
	scrape=$(prometheus "$unit")
	cpu=$(awk -v uri="$uri" 'index($0, "http_server_requests_cpu_time_seconds_count{") == 1 && index($0, uri) { print $NF }' <<<"$scrape")
	bare=$(awk '/^bench_bare_clock_observations[{ ]/ { print $NF }' <<<"$scrape")
	counters=$(grep -c '^http_server_requests_\(page_faults\|context_switches\|block_operations\)' <<<"$scrape" || true)
	binding=$(curl -fsS "http://127.0.0.1:${port[$unit]}/actuator/info" | sed -n 's/.*"binding":"\([^"]*\)".*/\1/p')
	echo "$unit: binding ${binding:-none}; http_server_requests_cpu_time_seconds_count ${cpu:-none};" \
		"bench_bare_clock_observations ${bare:-none}; counter series $counters"
	case $variant in
		on | before | on-counters) expected_cpu=yes ;;
		*) expected_cpu=no ;;
	esac
	if { [ "$expected_cpu" = yes ] && [ -z "$cpu" ]; } || { [ "$expected_cpu" = no ] && [ -n "$cpu" ]; }; then
		echo "$variant: expected per-request CPU time from on, on-counters and before only" >&2
		exit 1
	fi
	if { [ "$variant" = bare ] && ! awk -v n="${bare:-0}" 'BEGIN { exit !(n > 0) }'; } ||
		{ [ "$variant" != bare ] && [ -n "$bare" ]; }; then
		echo "$variant: expected the bare clock handler to measure requests in bare only" >&2
		exit 1
	fi
	if [ "$variant" = on-counters ] && [ "$counters" = 0 ]; then
		echo "on-counters: no page fault, context switch or block operation series" >&2
		exit 1
	fi
done

# one line per sample and valid round: "round unit variant cpu_us requests"
results=$out/rounds.txt
: >"$results"
voided=0
for round in $(seq 1 "$ROUNDS"); do
	n=${#units[@]}
	if [ "$ORDER" = shuffle ]; then
		read -r -a order <<<"$(printf '%s\n' "${units[@]}" | shuf | tr '\n' ' ')"
	else
		order=()
		for ((i = 0; i < n; i++)); do order+=("${units[$(((round - 1 + i) % n))]}"); done
	fi
	line="round $round:"
	valid=1
	rows=()
	for unit in "${order[@]}"; do
		measured=$(load "$unit" "$DURATION")
		if [[ $measured == void* ]]; then
			valid=0
			line+=" $unit ${measured};"
			continue
		fi
		read -r requests ticks <<<"$measured"
		cpu_us=$(awk -v t="$ticks" -v hz="$clk_tck" -v r="$requests" 'BEGIN { printf "%.2f", (r > 0) ? t * 1e6 / hz / r : "nan" }')
		rows+=("$round $unit ${unit%.*} $cpu_us $requests")
		line+=" $unit $cpu_us µs ($requests req);"
	done
	if [ "$valid" = 1 ]; then
		printf '%s\n' "${rows[@]}" >>"$results"
	else
		voided=$((voided + 1))
		line+=" VOID"
	fi
	echo "$line"
done
echo "load after: $(uptime)"

echo
valid_rounds=$(awk '{ print $1 }' "$results" | sort -u | wc -l)
echo "CPU per request (µs), $valid_rounds valid rounds of $ROUNDS ($voided voided): median [q1, q3]; requests/s median"
secs=$(awk -v d="$DURATION" 'BEGIN { if (d ~ /m$/) print d * 60; else print d + 0 }')
for variant in "${variants[@]}"; do
	read -r q1 m q3 <<<"$(awk -v v="$variant" '$3 == v { print $4 }' "$results" | quartiles)"
	rps=$(awk -v v="$variant" -v s="$secs" '$3 == v { print $5 / s }' "$results" | median)
	printf '  %-12s %8s [%s, %s]   %s req/s\n' "$variant" "$m" "$q1" "$q3" "$rps"
done
if [ "$INSTANCES" -gt 1 ]; then
	echo "Each instance's CPU per request (µs): median [q1, q3]"
	for unit in "${units[@]}"; do
		read -r q1 m q3 <<<"$(awk -v u="$unit" '$2 == u { print $4 }' "$results" | quartiles)"
		printf '  %-12s %8s [%s, %s]\n' "$unit" "$m" "$q1" "$q3"
	done
fi

pairs=()
has() { [[ " ${variants[*]} " == *" $1 "* ]]; }
for a in on bare on-counters before; do
	if has "$a" && has off; then pairs+=("$a:off"); fi
done
for a in on on-counters before; do
	if has "$a" && has bare; then pairs+=("$a:bare"); fi
done
if has on && has before; then pairs+=("on:before"); fi
if has on-counters && has on; then pairs+=("on-counters:on"); fi
if [ ${#pairs[@]} -gt 0 ]; then
	echo "Paired differences of CPU per request (µs), round by round (of the means of each variant's" \
		"instances): median [q1, q3]; per round"
fi
for pair in "${pairs[@]}"; do
	a=${pair%%:*}
	b=${pair#*:}
	awk -v a="$a" -v b="$b" '$3 == a { x[$1] += $4; nx[$1]++ } $3 == b { y[$1] += $4; ny[$1]++ }
		END { for (r in x) if (r in y) printf "%s %.2f\n", r, x[r] / nx[r] - y[r] / ny[r] }' "$results" | sort -n >"$out/diff-$a-$b.txt"
	read -r q1 m q3 <<<"$(awk '{ print $2 }' "$out/diff-$a-$b.txt" | quartiles)"
	printf '  %-20s %8s [%s, %s]   %s\n' "$a - $b" "$m" "$q1" "$q3" "$(awk '{ print $2 }' "$out/diff-$a-$b.txt" | tr '\n' ' ')"
done
