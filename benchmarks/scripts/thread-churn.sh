#!/usr/bin/env bash
# Thread churn: a million virtual threads (Java 25) and 200,000 platform threads (Java 17),
# each reading getrusage(SELF) once, beside as many threads that read nothing. Prints
# calls/s, peak RSS and RSS after GC, and fails if the reading threads leave more than
# 32 MiB more resident memory behind than the empty ones (nothing is kept per thread).
# Usage: benchmarks/scripts/thread-churn.sh [virtual-threads] [platform-threads]
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/versions.sh 2>/dev/null || true
java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q package -pl benchmarks -am -DskipTests
jar=benchmarks/target/benchmarks.jar
opts=(--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+AlwaysPreTouch)
if [ -x "$java25/bin/java" ]; then
	"$java25/bin/java" "${opts[@]}" -cp "$jar" dev.rusage.benchmarks.ThreadChurn virtual "${1:-1000000}" 64
else
	echo "no Java 25 at $java25: virtual-thread churn skipped" >&2
fi
java "${opts[@]}" -cp "$jar" dev.rusage.benchmarks.ThreadChurn platform "${2:-200000}" 64
