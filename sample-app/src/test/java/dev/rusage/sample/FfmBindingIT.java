package dev.rusage.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the repackaged sample jar on Java 25, whatever JDK runs the build (see
 * {@link SampleProcess#java25Home()}), and checks that the jar's ffm binding serves where
 * JNA cannot load, that {@code rusage.binding} forces either binding, and what
 * {@code --illegal-native-access=deny} does. On Java 17 the same jar answers 503 there
 * ({@link NativeLibraryFailureIT}).
 */
@EnabledOnOs(OS.LINUX)
class FfmBindingIT {

	private static final String FFM_CLASS = "META-INF/versions/22/dev/rusage/ffm/FfmRusageBinding.class";

	private static final List<String> NO_JNA = List.of("-Djna.nosys=true", "-Djna.noclasspath=true",
			"-Djna.boot.library.path=/nonexistent");

	private static final String DENY = "--illegal-native-access=deny";

	private static Path java25;

	@TempDir
	Path temp;

	@BeforeAll
	static void findJava25AndTheFfmBinding() throws IOException {
		java25 = SampleProcess.java25Home().orElse(null);
		assumeTrue(java25 != null, "no Java 25: set -Drusage.it.java25=<JDK> or JAVA25_HOME");
		boolean ffm = hasFfmBinding(SampleProcess.jar());
		if (!System.getProperty("rusage.it.java25", "").isBlank()) {
			assertThat(ffm)
				.as("the sample's autoconfigure jar has %s (rusage.it.java25 is set: build with"
						+ " a JDK 22+ installed where Maven's toolchain discovery finds it)", FFM_CLASS)
				.isTrue();
		}
		assumeTrue(ffm,
				"this build has no ffm binding: build with a JDK 22+ installed where Maven's toolchain discovery finds it");
	}

	@Test
	void whenJnaCannotLoadJava25ServesResourceUsageThroughFfm() throws Exception {
		try (SampleProcess sample = java25().jvmArguments(noJna()).start()) {
			for (String path : List.of("/actuator/rusage", "/actuator/rusage/thread", "/actuator/rusage/both")) {
				HttpResponse<String> rusage = sample.get(path);
				assertThat(rusage.statusCode()).as(path).isEqualTo(200);
				assertThat(rusage.body()).as(path).contains("\"ru_utime\":").contains("\"pagesize\":");
			}
			assertThat(sample.get("/actuator/info").body())
				.contains("\"rusage\":{\"available\":true,\"binding\":\"ffm\"}");
			assertThat(sample.get("/digest?rounds=10").body()).contains("\"measured\":true");
			assertThat(sample.get("/actuator/metrics").body()).contains("process.rusage.cpu.time");
			assertThat(sample.logLines(" WARN ")).isEmpty();
			assertThat(sample.logLines("WARNING: A restricted method")).isEmpty();
		}
	}

	@Test
	void whenJnaCannotLoadAndJnaIsForcedJava25AnswersServiceUnavailable() throws Exception {
		try (SampleProcess sample = java25().jvmArguments(noJna())
			.applicationArguments("--rusage.binding=jna")
			.start()) {
			HttpResponse<String> rusage = sample.get("/actuator/rusage");
			assertThat(rusage.statusCode()).isEqualTo(503);
			assertThat(rusage.body()).contains("no native binding could be loaded (tried jna)");
			assertThat(sample.logLines(" WARN ")).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("Unable to locate JNA native support library"));
		}
	}

	@Test
	void whenJnaIsForcedJava25ServesResourceUsageThroughJna() throws Exception {
		try (SampleProcess sample = java25().applicationArguments("--rusage.binding=jna").start()) {
			assertThat(sample.get("/actuator/rusage").statusCode()).isEqualTo(200);
			assertThat(sample.get("/actuator/info").body())
				.contains("\"rusage\":{\"available\":true,\"binding\":\"jna\"}");
			assertThat(sample.logLines(" WARN ")).isEmpty();
		}
	}

	@Test
	void whenNativeAccessIsDeniedJava25AnswersServiceUnavailableAndTheWarningNamesTheFix() throws Exception {
		try (SampleProcess sample = java25().withoutNativeAccess().jvmArguments(DENY).start()) {
			HttpResponse<String> rusage = sample.get("/actuator/rusage");
			assertThat(rusage.statusCode()).isEqualTo(503);
			assertThat(rusage.body()).contains("no native binding could be loaded (tried ffm, jna)");
			assertThat(sample.get("/actuator/info").body()).contains("\"rusage\":{\"available\":false}");
			assertThat(sample.get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(sample.logLines(" WARN ")).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("ffm: native access is denied")
					.contains("jna: native access is denied")
					.contains("--enable-native-access=ALL-UNNAMED"));
		}
	}

	@Test
	void whenNativeAccessIsDeniedButEnabledForTheClassPathJava25ServesThroughFfm() throws Exception {
		try (SampleProcess sample = java25().jvmArguments(DENY).start()) {
			assertThat(sample.command()).contains("--enable-native-access=ALL-UNNAMED");
			assertThat(sample.get("/actuator/rusage").statusCode()).isEqualTo(200);
			assertThat(sample.get("/actuator/info").body()).contains("\"binding\":\"ffm\"");
		}
	}

	private SampleProcess.Builder java25() {
		return SampleProcess.jar(this.temp).javaHome(java25);
	}

	private String[] noJna() throws IOException {
		List<String> arguments = new ArrayList<>(NO_JNA);
		arguments.add("-Djna.tmpdir=" + unwritableDirectory());
		return arguments.toArray(String[]::new);
	}

	private String unwritableDirectory() throws IOException {
		Path readOnly = this.temp.resolve("read-only");
		if (!Files.isDirectory(readOnly)) {
			Files.createDirectory(readOnly,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
		}
		// root ignores file modes; sysfs refuses new files even to root
		return Files.isWritable(readOnly) ? "/sys/kernel" : readOnly.toString();
	}

	private static boolean hasFfmBinding(Path jar) throws IOException {
		try (ZipFile sample = new ZipFile(jar.toFile())) {
			ZipEntry autoconfigure = sample.stream()
				.filter((entry) -> entry.getName().startsWith("BOOT-INF/lib/rusage-spring-boot-autoconfigure-"))
				.findFirst()
				.orElseThrow();
			try (InputStream in = sample.getInputStream(autoconfigure);
					ZipInputStream nested = new ZipInputStream(in)) {
				for (ZipEntry entry = nested.getNextEntry(); entry != null; entry = nested.getNextEntry()) {
					if (entry.getName().equals(FFM_CLASS)) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
