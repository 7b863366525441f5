package dev.rusage.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the repackaged sample jar in its own JVM with system properties that leave JNA
 * no way to load its native library ({@code jnidispatch}), and checks that the
 * application still serves: one WARN, a 503 from {@code /actuator/rusage} and
 * {@code /digest}, health UP, no {@code process.rusage.*} meter.
 */
@EnabledOnOs(OS.LINUX)
class NativeLibraryFailureIT {

	@TempDir
	Path temp;

	@Test
	void whenJnaFindsNoNativeLibraryAnywhereAppServesWithoutResourceUsage() throws Exception {
		// no system library, no extraction from the jar, and a boot path that does not
		// exist:
		// JNA throws UnsatisfiedLinkError "Unable to locate JNA native support library"
		try (SampleProcess sample = start("-Djna.nosys=true", "-Djna.noclasspath=true",
				"-Djna.boot.library.path=/nonexistent")) {
			assertServesWithoutResourceUsage(sample, "Unable to locate JNA native support library",
					"jna.nounpack or jna.noclasspath is true");
		}
	}

	@Test
	void whenJnaTmpdirIsNotWritableAppServesWithoutResourceUsage() throws Exception {
		try (SampleProcess sample = start("-Djna.tmpdir=" + unwritableDirectory())) {
			assertServesWithoutResourceUsage(sample, "Failed to create temporary file",
					"set -Djna.tmpdir to such a directory");
		}
	}

	@Test
	void whenJnaLoadsAppServesResourceUsage() throws Exception {
		try (SampleProcess sample = start()) {
			HttpResponse<String> rusage = sample.get("/actuator/rusage");
			assertThat(rusage.statusCode()).isEqualTo(200);
			assertThat(rusage.body()).startsWith("{\"who\":\"self\",\"ru_utime\":");
			assertThat(sample.get("/digest?rounds=10").statusCode()).isEqualTo(200);
			assertThat(sample.logLines(" WARN ")).isEmpty();
		}
	}

	private void assertServesWithoutResourceUsage(SampleProcess sample, String cause, String fix) throws Exception {
		HttpResponse<String> health = sample.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		for (String path : List.of("/actuator/rusage", "/actuator/rusage/self", "/actuator/rusage/thread")) {
			HttpResponse<String> rusage = sample.get(path);
			assertThat(rusage.statusCode()).as(path).isEqualTo(503);
			assertThat(rusage.headers().firstValue("Content-Type"))
				.hasValueSatisfying((contentType) -> assertThat(contentType).contains("json"));
			// the client gets the short reason; the cause, with the server's paths, is
			// logged
			assertThat(rusage.body()).isEqualTo("{\"status\":503,\"error\":\"Service Unavailable\",\"message\":"
					+ "\"no native binding could be loaded (tried ffm, jna)\"}");
		}
		assertThat(sample.get("/actuator/rusage/nobody").statusCode()).isEqualTo(400);
		// the digest is still computed: only its cost is missing, and the report says why
		HttpResponse<String> digest = sample.get("/digest?rounds=10");
		assertThat(digest.statusCode()).isEqualTo(200);
		assertThat(digest.body()).contains("\"measured\":false")
			.contains("\"unmeasured\":\"no native binding could be loaded")
			.doesNotContain("userCpuMicros");
		HttpResponse<String> metrics = sample.get("/actuator/metrics");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("\"jvm.memory.used\"").doesNotContain("process.rusage");
		List<String> warnings = sample.logLines(" WARN ");
		assertThat(warnings).singleElement()
			.satisfies((warning) -> assertThat(warning).contains("ResourceUsageAutoConfiguration")
				.contains("Resource usage (getrusage) is unavailable")
				.contains(cause)
				.contains(fix));
		assertThat(sample.logLines(" ERROR ")).isEmpty();
		System.out.println("NativeLibraryFailureIT " + sample.command() + ": " + warnings.get(0));
	}

	private String unwritableDirectory() throws IOException {
		Path readOnly = Files.createDirectory(this.temp.resolve("read-only"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
		// root ignores file modes; sysfs refuses new files even to root
		return Files.isWritable(readOnly) ? "/sys/kernel" : readOnly.toString();
	}

	private SampleProcess start(String... jvmArguments) throws Exception {
		return SampleProcess.jar(this.temp).jvmArguments(jvmArguments).start();
	}

}
