#!/usr/bin/env bash
# No leak: 10,000,000 getrusage calls through the real JNA service in one JVM, on
# threads that are replaced every 100,000 calls; prints VmRSS/RssAnon from
# /proc/self/status and NMT's committed native memory before and after (after a
# warm-up of 2,000,000 calls), and fails if any grows by more than 5 MiB.
# The heap is fixed and pre-touched so that heap growth does not show up as RSS.
# Usage: benchmarks/scripts/reliability-soak.sh [calls]   (default 10000000)
set -euo pipefail
cd "$(dirname "$0")/../.."

calls="${1:-10000000}"
jvm="--enable-native-access=ALL-UNNAMED -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"
offline=""
if [ -d "${HOME}/.m2/repository/org/springframework/boot/spring-boot-dependencies" ]; then
	offline="-o"
fi

./mvnw -B -q ${offline} -pl autoconfigure -am test -Dtest=ResourceUsageSoakTests \
	-Dsurefire.failIfNoSpecifiedTests=false -Drusage.soak.calls="${calls}" "-Dnative.access.arg=${jvm}" \
	| grep -E "ResourceUsageSoakTests|^  |FAIL|Tests run|expected|Expecting"
