#!/usr/bin/env bash
# Compatibility matrix: the rusage starter jars, built once by the main build (the root
# pom.xml's Boot BOM, release 17) and installed in the local Maven repository, used by a
# small application on each Spring Boot line (versions in .ci/versions.sh), each on Java 17
# and Java 25.
#
# Run it after `./mvnw -B install` (.ci/run does). Each cell compiles the application
# in .ci/compat with the JDK under test and runs its real-HTTP tests; the starter is
# never rebuilt. Their tests include one request's CPU time: /burn burns a known amount
# of thread CPU (as ThreadMXBean reads it), and the request's CPU time series must agree
# within 5% + 1 ms on every line: under Micrometer's conventions
# (http.server.requests.cpu.time), with the observation renamed by
# management.observations.http.server.requests.name (http.in.cpu.time), and on Boot 4.2+
# under management.observations.conventions=open-telemetry
# (http.server.request.cpu.time); the CPU series carry exactly the labels of the request's
# timer; the span of a request carries rusage.cpu.time (Brave); and the process meters
# keep their names, or take OpenTelemetry's under open-telemetry. One test class per
# check, one application context each; a table of the checks by cell follows the matrix,
# and the series each check scraped are kept in target/matrix/series-<cell>.txt.
# Each cell also lists the resolved
# org.springframework.boot artifacts and fails if any is not the cell's Boot version: the
# starter's published POM names the Boot version it was built with, and the
# application's own Boot BOM must win. Before the cells, the autoconfigure module is
# compiled once more on JDK 25 into a temporary directory to check that the annotation
# processors still ran (javac 23+ skips processors that are not declared).
#
# Environment:
#   JAVA17_HOME, JAVA25_HOME  JDKs to use (default: the `java` on PATH if it is 17,
#                             else /usr/lib/jvm/*17*; JAVA25_HOME_DEFAULT of .ci/versions.sh)
#   COMPAT_LINES              Boot lines to run (default COMPAT_LINES_DEFAULT of
#                             .ci/versions.sh: "3.5 4.0 4.1 4.2")
#   COMPAT_JAVAS              Java versions to run (default "17 25")
#
# A cell whose JDK is absent reads SKIPPED, with a loud line saying why; it never
# passes. Exit status: 0 when no cell failed, 1 when one did, 2 when the check could
# not start (jars not installed, or not the ones this checkout built).
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/.ci/versions.sh"
compat="$root/.ci/compat"
mvnw="$root/mvnw"
lines="${COMPAT_LINES:-$COMPAT_LINES_DEFAULT}"
javas="${COMPAT_JAVAS:-17 25}"
version="$RUSAGE_VERSION"
out="$compat/target/matrix"
repo="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"

declare -A result=()
declare -A detail=()
declare -A jdk=()
declare -A why_absent=()

loud() {
	printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
	printf '!!! %s\n' "$@"
	printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n'
}

# Major version of the JDK at $1 (from its release file), or nothing.
jdk_major() {
	[[ -x "$1/bin/java" && -f "$1/release" ]] || return 0
	sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

# Sets jdk[$1] to a JDK of that major version, or why_absent[$1] to the reason.
find_jdk() {
	local major="$1" candidates=() home
	local override="JAVA${major}_HOME"
	if [[ -n "${!override:-}" ]]; then
		candidates+=("${!override}")
	else
		if command -v java >/dev/null; then
			candidates+=("$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')")
		fi
		[[ "$major" == 25 ]] && candidates+=("$JAVA25_HOME_DEFAULT")
		candidates+=(/usr/lib/jvm/*"$major"*)
	fi
	for home in "${candidates[@]}"; do
		if [[ "$(jdk_major "$home")" == "$major" ]]; then
			jdk[$major]="$home"
			return 0
		fi
	done
	why_absent[$major]="no Java $major JDK found (looked at: ${candidates[*]:-nothing}); set JAVA${major}_HOME"
	return 1
}

# Class-file major version of a class inside a jar (61 = Java 17).
class_major() {
	unzip -p "$1" "$2" | od -An -j6 -N2 -tu1 | awk '{ print $1 * 256 + $2 }'
}

for line in $lines; do
	if [[ -z "${COMPAT_BOOT_VERSIONS[$line]:-}" ]]; then
		loud "COMPAT: no Boot version for line '$line' in .ci/versions.sh (lines: ${!COMPAT_BOOT_VERSIONS[*]})"
		exit 2
	fi
done
mkdir -p "$out"

# --- the jars under test -------------------------------------------------------------
installed="$repo/dev/rusage/rusage-spring-boot-autoconfigure/$version/rusage-spring-boot-autoconfigure-$version.jar"
starter_pom="$repo/dev/rusage/rusage-spring-boot-starter/$version/rusage-spring-boot-starter-$version.pom"
built="$root/autoconfigure/target/rusage-spring-boot-autoconfigure-$version.jar"
if [[ ! -f "$installed" || ! -f "$starter_pom" ]]; then
	loud "COMPAT: the starter is not installed in $repo" "run ./mvnw -B install first"
	exit 2
fi
if grep -qE '<parent>|<build>|<dependencyManagement>' "$starter_pom"; then
	loud "COMPAT: the installed starter POM is not the flattened consumer POM" \
		"($starter_pom has a <parent>, <build> or <dependencyManagement>)"
	exit 2
fi
if [[ -f "$built" ]] && ! cmp -s "$built" "$installed"; then
	loud "COMPAT: the installed autoconfigure jar is not the one this checkout built" \
		"($installed differs from $built); run ./mvnw -B install -DskipTests right before this script"
	exit 2
fi
jar_major="$(class_major "$installed" dev/rusage/ResourceUsageService.class)"
jar_jdk="$(unzip -p "$installed" META-INF/MANIFEST.MF | sed -n 's/^Build-Jdk-Spec: *//p' | tr -d '\r')"
echo "compat: jar under test $installed"
echo "compat:   sha256 $(sha256sum "$installed" | cut -c1-16)…, built on JDK ${jar_jdk:-?}, class files major $jar_major (61 = release 17)"
if [[ "$jar_major" != 61 ]]; then
	loud "COMPAT: the autoconfigure jar is not compiled for release 17 (class major $jar_major)"
	exit 2
fi
# the ffm binding (Java 22+) sits in META-INF/versions/22 when the build had a JDK 22+
if unzip -l "$installed" META-INF/versions/22/dev/rusage/ffm/FfmRusageBinding.class >/dev/null 2>&1; then
	jar_ffm=yes
	echo "compat:   ffm binding in META-INF/versions/22: cells on Java 22+ expect it, the others jna"
else
	jar_ffm=no
	loud "COMPAT: the jar has no ffm binding (built without a JDK 22+ for Maven toolchains to discover)" \
		"Every cell expects the jna binding."
fi

for j in $javas; do
	find_jdk "$j" && echo "compat: Java $j at ${jdk[$j]}"
done
for j in $javas; do
	[[ -n "${jdk[$j]:-}" ]] || loud "COMPAT: Java $j cells will be SKIPPED: ${why_absent[$j]}" \
		"They are NOT passing: this machine cannot check Java $j."
done

# --- annotation-processor metadata when the jar is built on JDK 25 ---------------------
metadata_result="SKIPPED"
metadata_files=(META-INF/spring-autoconfigure-metadata.properties META-INF/spring-configuration-metadata.json)
if [[ -z "${jdk[25]:-}" ]]; then
	loud "COMPAT: metadata check on JDK 25 SKIPPED: ${why_absent[25]:-Java 25 not in COMPAT_JAVAS}"
else
	tmp="$(mktemp -d)"
	cp "$root/pom.xml" "$tmp/"
	mkdir "$tmp/autoconfigure"
	cp -r "$root/autoconfigure/pom.xml" "$root/autoconfigure/src" "$tmp/autoconfigure/"
	log="$out/metadata-jdk25.log"
	echo "compat: building autoconfigure on JDK 25 in $tmp (log: $log)"
	if JAVA_HOME="${jdk[25]}" "$mvnw" -B -f "$tmp/autoconfigure/pom.xml" package -Dmaven.test.skip=true >"$log" 2>&1; then
		jar25="$tmp/autoconfigure/target/rusage-spring-boot-autoconfigure-$version.jar"
		metadata_result="PASS"
		for f in "${metadata_files[@]}"; do
			if ! unzip -p "$installed" "$f" >"$out/ref.txt" 2>/dev/null; then
				echo "compat:   $f: not in the JDK 17 jar either (nothing to compare)"
			elif ! unzip -p "$jar25" "$f" >"$out/jdk25.txt" 2>/dev/null; then
				echo "compat:   $f: MISSING from the jar built on JDK 25"
				metadata_result="FAIL"
			elif ! diff <(grep -v '^#' "$out/ref.txt" | sort) <(grep -v '^#' "$out/jdk25.txt" | sort) >/dev/null; then
				echo "compat:   $f: present on JDK 25 but differs from the JDK 17 jar's"
				metadata_result="FAIL"
			else
				echo "compat:   $f: present on JDK 25, same as the JDK 17 jar's ($(wc -c <"$out/jdk25.txt") bytes)"
			fi
		done
		rm -f "$out/ref.txt" "$out/jdk25.txt"
	else
		echo "compat:   the autoconfigure module does not build on JDK 25:"
		grep -E '^\[(ERROR|WARNING)\]' "$log" | head -20
		metadata_result="FAIL"
	fi
	rm -rf "$tmp"
fi

# Sets check[$cell/$class] for each test class of a cell from its surefire report: PASS,
# FAIL (n of m) with the failed methods, or "-" when every test was skipped (a check of
# a later Boot line).
declare -A check=()
declare -A check_classes=()
check_results() {
	local cell="$1" report class tests failed skipped
	for report in "$compat/target/$cell/surefire-reports"/TEST-*.xml; do
		[[ -f "$report" ]] || continue
		class="$(basename "$report" .xml)"
		class="${class##*.}"
		check_classes[$class]=1
		tests="$(attr "$report" tests)"
		failed=$(($(attr "$report" failures) + $(attr "$report" errors)))
		skipped="$(attr "$report" skipped)"
		if ((failed > 0)); then
			check[$cell/$class]="FAIL $failed/$tests"
		elif ((skipped == tests)); then
			check[$cell/$class]="-"
		else
			check[$cell/$class]="PASS $((tests - skipped))"
		fi
	done
}

# The value of attribute $2 of the <testsuite> element of report $1 (0 when absent).
attr() {
	local value
	value="$(grep -o '<testsuite [^>]*>' "$1" | head -1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*')"
	printf '%s\n' "${value:-0}"
}

# --- the cells ---------------------------------------------------------------------------
declare -A resolved=()
for line in $lines; do
	for j in $javas; do
		cell="$line-java$j"
		if [[ -z "${jdk[$j]:-}" ]]; then
			result[$cell]="SKIPPED"
			detail[$cell]="${why_absent[$j]}"
			continue
		fi
		log="$out/boot-$cell.log"
		# the first cell of a line may download its dependencies; the others run offline
		offline=()
		[[ -n "${resolved[$line]:-}" ]] && offline=(-o)
		binding=jna
		[[ "$jar_ffm" == yes && "$j" -ge 22 ]] && binding=ffm
		echo "compat: Boot ${COMPAT_BOOT_VERSIONS[$line]} on Java $j, binding $binding and forced jna ... (log: $log)"
		start=$SECONDS
		boot_list="$out/boot-$cell-artifacts.txt"
		rm -f "$boot_list"
		# CompatApplicationTests expects $binding; CompatForcedJnaTests sets rusage.binding=jna
		if JAVA_HOME="${jdk[$j]}" "$mvnw" -B "${offline[@]}" -f "$compat/pom.xml" -P"boot-$line" \
			-Dcompat.cell="$cell" -Dcompat.binding="$binding" -Drusage.version="$version" \
			-Dspring-boot.version="${COMPAT_BOOT_VERSIONS[$line]}" -Dcompat.boot.version="${COMPAT_BOOT_VERSIONS[$line]}" \
			-DincludeGroupIds=org.springframework.boot -DoutputFile="$boot_list" \
			clean dependency:list test >"$log" 2>&1; then
			resolved[$line]=1
			result[$cell]="PASS"
		else
			result[$cell]="FAIL"
			grep -q 'Tests run:' "$log" && resolved[$line]=1
			detail[$cell]="$(grep -E '<<< (FAILURE|ERROR)!|^\[ERROR\]   |COMPILATION ERROR|Could not resolve' "$log" \
				| grep -v 'Tests run:' | head -12)"
			[[ -n "${detail[$cell]}" ]] || detail[$cell]="$(tail -15 "$log")"
		fi
		# dependency:list ran before the tests, so their outcome does not hide this check
		if [[ -f "$boot_list" ]]; then
			# group:artifact:type:version:scope, one a line; any Boot artifact not of this line's version
			foreign="$(grep -oE 'org\.springframework\.boot:[^: ]+:jar:[^: ]+' "$boot_list" \
				| awk -F: -v want="${COMPAT_BOOT_VERSIONS[$line]}" '$4 != want' | sort -u)"
			boot_count="$(grep -cE 'org\.springframework\.boot:' "$boot_list")"
			if [[ "${boot_count:-0}" == 0 ]]; then
				result[$cell]="FAIL"
				detail[$cell]+=$'\n'"no org.springframework.boot artifact listed in $boot_list"
			elif [[ -n "$foreign" ]]; then
				result[$cell]="FAIL"
				detail[$cell]+=$'\n'"$(printf 'resolved a Boot artifact that is not %s:\n%s' "${COMPAT_BOOT_VERSIONS[$line]}" "$foreign")"
			else
				echo "compat:   $boot_count org.springframework.boot artifacts resolved, all ${COMPAT_BOOT_VERSIONS[$line]}"
			fi
		fi
		summary="$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, .*$' "$log" | tail -1 | sed 's/^\[[A-Z]*\] //')"
		echo "compat:   ${result[$cell]} in $((SECONDS - start)) s${summary:+ — $summary}"
		grep -E '^compat(:|-series) ' "$log" | sed 's/^compat-series //' >"$out/series-$cell.txt"
		check_results "$cell"
	done
done

# --- the matrix ----------------------------------------------------------------------------
pass=0 fail=0 skipped=0
echo
echo "Compatibility matrix: rusage-spring-boot-starter $version (built once; Build-Jdk-Spec ${jar_jdk:-?}, the JDK that compiled its ffm binding; Boot $RUSAGE_BOOT_VERSION BOM, release 17, ffm binding: $jar_ffm)"
printf '  %-12s' ""
for j in $javas; do printf '%-10s' "Java $j"; done
echo
for line in $lines; do
	printf '  %-12s' "Boot ${COMPAT_BOOT_VERSIONS[$line]}"
	for j in $javas; do
		r="${result[$line-java$j]}"
		printf '%-10s' "$r"
		case "$r" in PASS) pass=$((pass + 1)) ;; FAIL) fail=$((fail + 1)) ;; *) skipped=$((skipped + 1)) ;; esac
	done
	echo
done
echo "  annotation-processor metadata in the jar built on JDK 25: $metadata_result"
if ((${#check_classes[@]} > 0)); then
	echo
	echo "Checks by cell (test class: PASS <tests>, FAIL <failed>/<tests>, - all skipped on this line):"
	printf '  %-38s' ""
	for line in $lines; do for j in $javas; do printf '%-11s' "$line/$j"; done; done
	echo
	for class in $(printf '%s\n' "${!check_classes[@]}" | sort); do
		printf '  %-38s' "$class"
		for line in $lines; do for j in $javas; do printf '%-11s' "${check[$line-java$j/$class]:-?}"; done; done
		echo
	done
fi
[[ "$metadata_result" == FAIL ]] && fail=$((fail + 1))
echo
for line in $lines; do
	for j in $javas; do
		cell="$line-java$j"
		if [[ "${result[$cell]}" != PASS ]]; then
			echo "${result[$cell]}: Boot ${COMPAT_BOOT_VERSIONS[$line]} on Java $j"
			printf '%s\n' "${detail[$cell]}" | sed 's/^/    /'
		fi
	done
done
if ((skipped > 0)); then
	loud "COMPAT: $skipped cell(s) SKIPPED, not checked: see the reasons above."
fi
echo "compat matrix: $pass PASS, $fail FAIL, $skipped SKIPPED"
((fail == 0))
