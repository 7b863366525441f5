package dev.rusage.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

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
		System.out.println("NativeLibraryFailureIT " + sample.arguments + ": " + warnings.get(0));
	}

	private String unwritableDirectory() throws IOException {
		Path readOnly = Files.createDirectory(this.temp.resolve("read-only"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
		// root ignores file modes; sysfs refuses new files even to root
		return Files.isWritable(readOnly) ? "/sys/kernel" : readOnly.toString();
	}

	private SampleProcess start(String... jvmArguments) throws Exception {
		String jarPath = System.getProperty("sample.jar");
		assertThat(jarPath).as("system property sample.jar, set by failsafe to the repackaged jar").isNotNull();
		Path jar = Path.of(jarPath);
		assertThat(jar).as("the repackaged sample jar (run 'package' first)").isRegularFile();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add(System.getProperty("native.access.arg", "--enable-native-access=ALL-UNNAMED"));
		command.addAll(List.of(jvmArguments));
		command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=health,info,rusage,metrics"));
		Path log = this.temp.resolve("sample.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		SampleProcess sample = new SampleProcess(process, log, List.of(jvmArguments));
		sample.awaitPort();
		return sample;
	}

	private final class SampleProcess implements AutoCloseable {

		private final Process process;

		private final Path log;

		private final List<String> arguments;

		private int port;

		SampleProcess(Process process, Path log, List<String> arguments) {
			this.process = process;
			this.log = log;
			this.arguments = arguments;
		}

		void awaitPort() throws Exception {
			long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				Matcher matcher = PORT.matcher(Files.readString(this.log));
				if (matcher.find()) {
					this.port = Integer.parseInt(matcher.group(1));
					return;
				}
				if (!this.process.isAlive()) {
					throw new AssertionError(
							"The sample exited with " + this.process.exitValue() + ":\n" + Files.readString(this.log));
				}
				Thread.sleep(200);
			}
			throw new AssertionError(
					"The sample did not start in " + STARTUP_TIMEOUT + ":\n" + Files.readString(this.log));
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Accept", "application/json")
				.timeout(Duration.ofSeconds(30))
				.build();
			return NativeLibraryFailureIT.this.client.send(request, BodyHandlers.ofString());
		}

		List<String> logLines(String level) throws IOException {
			return Files.readAllLines(this.log).stream().filter((line) -> line.contains(level)).toList();
		}

		@Override
		public void close() throws Exception {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

}
