package dev.rusage.sample;

import java.io.IOException;
import java.io.InputStream;
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
 * Starts the repackaged sample jar on Java 25, whatever JDK runs the build (the one in
 * {@code -Djdk25.home}, {@code JAVA25_HOME} or
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64}), and checks that the jar's ffm binding
 * serves where JNA cannot load, that {@code rusage.binding} forces either binding, and
 * what {@code --illegal-native-access=deny} does. On Java 17 the same jar answers 503
 * there ({@link NativeLibraryFailureIT}).
 */
@EnabledOnOs(OS.LINUX)
class FfmBindingIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final String FFM_CLASS = "META-INF/versions/22/dev/rusage/ffm/FfmRusageBinding.class";

	private static final List<String> NO_JNA = List.of("-Djna.nosys=true", "-Djna.noclasspath=true",
			"-Djna.boot.library.path=/nonexistent");

	private static Path java25;

	private static Path jar;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@TempDir
	Path temp;

	@BeforeAll
	static void findJava25AndTheJar() throws IOException {
		jar = Path.of(System.getProperty("sample.jar", "target/rusage-spring-boot-sample-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the repackaged sample jar (run 'package' first)").isRegularFile();
		String home = System.getProperty("jdk25.home", "");
		if (home.isBlank()) {
			home = System.getenv().getOrDefault("JAVA25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64");
		}
		java25 = Path.of(home, "bin", "java");
		assumeTrue(Files.isExecutable(java25), "no Java 25 at " + home + ": set JAVA25_HOME or -Djdk25.home");
		assumeTrue(hasFfmBinding(jar), "this build has no ffm binding: build on JDK 22+ or with -Djdk25.home");
	}

	@Test
	void whenJnaCannotLoadJava25ServesResourceUsageThroughFfm() throws Exception {
		try (Sample sample = start(noJna("--enable-native-access=ALL-UNNAMED"))) {
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
		}
	}

	@Test
	void whenJnaCannotLoadAndJnaIsForcedJava25AnswersServiceUnavailable() throws Exception {
		try (Sample sample = start(noJna("--enable-native-access=ALL-UNNAMED"), "--rusage.binding=jna")) {
			HttpResponse<String> rusage = sample.get("/actuator/rusage");
			assertThat(rusage.statusCode()).isEqualTo(503);
			assertThat(rusage.body()).contains("no native binding could be loaded (tried jna)");
			assertThat(sample.logLines(" WARN ")).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("Unable to locate JNA native support library"));
		}
	}

	@Test
	void whenJnaIsForcedJava25ServesResourceUsageThroughJna() throws Exception {
		try (Sample sample = start(List.of("--enable-native-access=ALL-UNNAMED"), "--rusage.binding=jna")) {
			assertThat(sample.get("/actuator/rusage").statusCode()).isEqualTo(200);
			assertThat(sample.get("/actuator/info").body())
				.contains("\"rusage\":{\"available\":true,\"binding\":\"jna\"}");
			assertThat(sample.logLines(" WARN ")).isEmpty();
		}
	}

	@Test
	void whenNativeAccessIsDeniedJava25AnswersServiceUnavailableAndTheWarningNamesTheFix() throws Exception {
		try (Sample sample = start(List.of("--illegal-native-access=deny"))) {
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
		try (Sample sample = start(List.of("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED"))) {
			assertThat(sample.get("/actuator/rusage").statusCode()).isEqualTo(200);
			assertThat(sample.get("/actuator/info").body()).contains("\"binding\":\"ffm\"");
		}
	}

	private List<String> noJna(String... more) throws IOException {
		List<String> arguments = new ArrayList<>(List.of(more));
		arguments.addAll(NO_JNA);
		arguments.add("-Djna.tmpdir=" + unwritableDirectory());
		return arguments;
	}

	private String unwritableDirectory() throws IOException {
		Path readOnly = Files.createDirectory(this.temp.resolve("read-only"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
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

	private Sample start(List<String> jvmArguments, String... applicationArguments) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(java25.toString());
		command.addAll(jvmArguments);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=health,info,rusage,metrics"));
		command.addAll(List.of(applicationArguments));
		Path log = this.temp.resolve("sample.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Sample sample = new Sample(process, log, command.subList(1, command.size()));
		sample.awaitPort();
		return sample;
	}

	private final class Sample implements AutoCloseable {

		private final Process process;

		private final Path log;

		private final List<String> arguments;

		private int port;

		Sample(Process process, Path log, List<String> arguments) {
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
			return FfmBindingIT.this.client.send(request, BodyHandlers.ofString());
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
			System.out.println("FfmBindingIT " + this.arguments + ": " + logLines(" WARN "));
		}

	}

}
