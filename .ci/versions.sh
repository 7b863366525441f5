# Sourced, not run, by the CI and benchmark scripts: the numbers they need, each written
# once. Our version and the Boot and JNA versions of the build are properties of the root
# pom.xml (revision, spring-boot.version, jna.version) and are read from there; what only
# the scripts use is written here.

rusage_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# pom_property NAME: the value of <NAME> in the root pom.xml's properties; fails loudly
# when there is none, so a renamed property cannot go unnoticed.
pom_property() {
	local value
	value="$(sed -n "s:^[[:space:]]*<$1>\([^<]*\)</$1>[[:space:]]*\$:\1:p" "$rusage_root/pom.xml" | head -n 1)"
	if [[ -z "$value" ]]; then
		echo "versions.sh: no <$1> property in $rusage_root/pom.xml" >&2
		return 1
	fi
	printf '%s\n' "$value"
}

RUSAGE_VERSION="$(pom_property revision)" || exit 2
RUSAGE_BOOT_VERSION="$(pom_property spring-boot.version)" || exit 2

# The Spring Boot version the compatibility matrix (.ci/compat) uses on each line: the
# newest patch of every supported line (the build itself compiles against
# RUSAGE_BOOT_VERSION, the 4.0 baseline), and the lines it runs, in order.
declare -A COMPAT_BOOT_VERSIONS=([3.5]=3.5.16 [4.0]=4.0.9 [4.1]=4.1.3 [4.2]=4.2.0)
COMPAT_LINES_DEFAULT="3.5 4.0 4.1 4.2"

# Where the scripts look for Java 25 unless JAVA25_HOME says otherwise.
JAVA25_HOME_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64
