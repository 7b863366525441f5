#!/usr/bin/env bash
# Builds the Maven Central bundle of a release the way `./mvnw -Prelease deploy` does
# (target/central-publishing/central-bundle.zip), uploading nothing and installing
# nothing, then checks it as the Central Portal validates a deployment
# (.ci/CheckBundle.java): every published artifact has its POM elements, a jar, a sources
# jar, a javadoc jar and checksums of each; the POMs are consumer POMs; nothing else is in
# the bundle. Any missing part is named and fails the check.
#
# The version is ours without -SNAPSHOT, given as -Drevision, since the Portal takes
# releases only. The published artifacts are the modules that set rusage.publish.skip to
# false. Unsigned (-Dgpg.skip) unless BUNDLE_SIGNED=1: then gpg signs with its default
# key and every file must have its signature.
#
# A release's jar holds the ffm binding (META-INF/versions/22) and its sources jar the
# binding's sources: -Prelease fails without a JDK 22+ to compile it with, and both are
# checked here. Further arguments go to Maven.
#
# Leaves the modules' target directories holding the release-versioned jars beside the
# SNAPSHOT ones; the next ordinary build rewrites what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/versions.sh

release="${RUSAGE_VERSION%-SNAPSHOT}"
signed=false
sign=(-Dgpg.skip)
if [[ "${BUNDLE_SIGNED:-0}" == 1 ]]; then
	signed=true
	sign=()
fi

published=()
for module in $(sed -n 's:^[[:space:]]*<module>\(.*\)</module>.*:\1:p' pom.xml); do
	if grep -q '<rusage.publish.skip>false</rusage.publish.skip>' "$module/pom.xml"; then
		published+=("$(sed -n '/<\/parent>/,/<artifactId>/ s:.*<artifactId>\(.*\)</artifactId>.*:\1:p' "$module/pom.xml")")
	fi
done
if ((${#published[@]} == 0)); then
	echo "!!! BUNDLE CHECK: no module sets rusage.publish.skip to false, nothing would be published" >&2
	exit 1
fi

mkdir -p target
log=target/check-bundle.log
rm -rf target/central-publishing target/central-staging
echo "check-bundle: ./mvnw -B -Prelease ${sign[*]} -Drevision=$release $* deploy (log: $log)"
start=$SECONDS
if ! ./mvnw -B -Prelease "${sign[@]}" -Drevision="$release" -Dmaven.install.skip=true -Dmaven.test.skip=true \
	"$@" deploy >"$log" 2>&1; then
	grep -E '^\[(ERROR|WARNING)\]' "$log" | head -40
	echo "!!! BUNDLE CHECK FAILED: the release build failed, see $log" >&2
	exit 1
fi
echo "check-bundle: built in $((SECONDS - start)) s; $(grep -c 'Skipping Central Release Publishing' "$log") unpublished module(s) left out"
bundle=target/central-publishing/central-bundle.zip
java .ci/CheckBundle.java "$bundle" dev.rusage "$release" "$signed" "${published[@]}"
# the ffm binding: its classes in the jar's META-INF/versions/22, its sources in the sources jar
base=dev/rusage/rusage-spring-boot-autoconfigure/$release/rusage-spring-boot-autoconfigure-$release
unzip -p "$bundle" "$base.jar" >target/check-bundle.jar
unzip -p "$bundle" "$base-sources.jar" >target/check-bundle-sources.jar
missing=()
for class in FfmRusageBinding FfmRusageStruct LibC; do
	unzip -l target/check-bundle.jar "META-INF/versions/22/dev/rusage/ffm/$class.class" >/dev/null \
		|| missing+=("$base.jar: META-INF/versions/22/dev/rusage/ffm/$class.class")
	unzip -l target/check-bundle-sources.jar "dev/rusage/ffm/$class.java" >/dev/null \
		|| missing+=("$base-sources.jar: dev/rusage/ffm/$class.java")
done
unzip -p target/check-bundle.jar META-INF/MANIFEST.MF | grep -q '^Multi-Release: true' \
	|| missing+=("$base.jar: no 'Multi-Release: true' in its manifest")
rm -f target/check-bundle.jar target/check-bundle-sources.jar
if ((${#missing[@]} > 0)); then
	printf '!!! BUNDLE CHECK FAILED: the ffm binding is missing: %s\n' "${missing[@]}" >&2
	exit 1
fi
echo "check-bundle: the jar has the ffm binding in META-INF/versions/22, the sources jar its sources"
