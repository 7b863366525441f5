package dev.rusage.sample;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application in a JVM of its own, as a user starts it: the repackaged jar
 * with {@code java -jar}, or a main class on a class path of the test's choosing. Its
 * output goes to a log file; {@link #get(String)} asks it over real HTTP.
 */
final class SampleProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern PID = Pattern.compile("with PID (\\d+)");

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final Process process;

	private final Path log;

	private final List<String> command;

	private int port;

	private SampleProcess(Process process, Path log, List<String> command) {
		this.process = process;
		this.log = log;
		this.command = command;
	}

	/**
	 * Returns a builder that starts the repackaged sample jar with {@code java -jar}.
	 * @param directory where the log is written
	 * @return the builder
	 */
	static Builder jar(Path directory) {
		return new Builder(directory, List.of("-jar", jar().toString()));
	}

	/**
	 * Returns the repackaged sample jar that failsafe names in {@code sample.jar}.
	 * @return the jar
	 */
	static Path jar() {
		String jarPath = System.getProperty("sample.jar");
		assertThat(jarPath).as("system property sample.jar, set by failsafe to the repackaged jar").isNotNull();
		Path jar = Path.of(jarPath);
		assertThat(jar).as("the repackaged sample jar (run 'package' first)").isRegularFile();
		return jar;
	}

	/**
	 * Returns a builder that starts the sample's main class from the given class path.
	 * @param directory where the log is written
	 * @param classPath the class path, in order
	 * @return the builder
	 */
	static Builder classPath(Path directory, List<Path> classPath) {
		List<String> entries = classPath.stream().map(Path::toString).toList();
		return new Builder(directory,
				List.of("-cp", String.join(File.pathSeparator, entries), SampleApplication.class.getName()));
	}

	/**
	 * Returns the Java 25 that the tests which need it use: the JDK that the system
	 * property {@code rusage.it.java25} names, if set (then it must exist: the build was
	 * told to run those tests), else {@code JAVA25_HOME}, else the Temurin 25 of Debian's
	 * package.
	 * @return the JDK's home, or empty if none was asked for and none is installed
	 */
	static Optional<Path> java25Home() {
		String required = System.getProperty("rusage.it.java25", "");
		if (!required.isBlank()) {
			Path home = Path.of(required);
			assertThat(home.resolve("bin/java")).as("rusage.it.java25 names a JDK").isExecutable();
			return Optional.of(home);
		}
		String environment = System.getenv("JAVA25_HOME");
		Path home = Path
			.of((environment != null && !environment.isBlank()) ? environment : "/usr/lib/jvm/temurin-25-jdk-amd64");
		return Optional.of(home).filter((candidate) -> Files.isExecutable(candidate.resolve("bin/java")));
	}

	/**
	 * Returns the {@code strace} that the tests which need it run the sample under: the
	 * one on the {@code PATH}. If the system property {@code rusage.it.strace} is
	 * {@code required} it must be there: the build was told to run those tests.
	 * @return the program, or empty if it was not required and is not installed
	 */
	static Optional<String> strace() {
		Optional<String> strace = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
			.map((directory) -> Path.of(directory, "strace"))
			.filter(Files::isExecutable)
			.map(Path::toString)
			.findFirst();
		if ("required".equals(System.getProperty("rusage.it.strace", ""))) {
			assertThat(strace).as("strace on the PATH (rusage.it.strace=required; Debian: apt-get install strace)")
				.isPresent();
		}
		return strace;
	}

	/**
	 * Sends a GET that accepts JSON.
	 * @param path the path and query
	 * @return the response
	 */
	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return get(path, "application/json");
	}

	/**
	 * Sends a GET.
	 * @param path the path and query
	 * @param accept the {@code Accept} header
	 * @return the response
	 */
	HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(60))
			.build();
		return CLIENT.send(request, BodyHandlers.ofString());
	}

	/**
	 * Returns the lines of the log that contain the given text, such as {@code " WARN "}.
	 * @param text what a line must contain
	 * @return the lines
	 */
	List<String> logLines(String text) throws IOException {
		return Files.readAllLines(this.log).stream().filter((line) -> line.contains(text)).toList();
	}

	/**
	 * Returns the whole log.
	 * @return the log
	 */
	String log() throws IOException {
		return Files.readString(this.log);
	}

	/**
	 * Returns the process id of the sample's JVM, as it logged it: not the id of a
	 * command prefix such as {@code strace}.
	 * @return the id
	 */
	long pid() throws IOException {
		Matcher matcher = PID.matcher(log());
		assertThat(matcher.find()).as("the sample logged its PID").isTrue();
		return Long.parseLong(matcher.group(1));
	}

	/**
	 * Returns the port the sample serves HTTP on.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

	/**
	 * Returns the command that started the sample.
	 * @return the command
	 */
	List<String> command() {
		return this.command;
	}

	private void awaitPort() throws Exception {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Matcher matcher = PORT.matcher(log());
			if (matcher.find()) {
				this.port = Integer.parseInt(matcher.group(1));
				return;
			}
			if (!this.process.isAlive()) {
				throw new AssertionError("The sample exited with " + this.process.exitValue() + ":\n" + log());
			}
			Thread.sleep(200);
		}
		close();
		throw new AssertionError("The sample did not start in " + STARTUP_TIMEOUT + ":\n" + log());
	}

	/**
	 * Stops the sample: its JVM first, so that a command prefix such as {@code strace}
	 * (which blocks fatal signals while it writes to a file) exits with it.
	 */
	@Override
	public void close() throws Exception {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly().waitFor();
		}
	}

	/**
	 * How to start the sample: the Java, the JVM's and the application's arguments, and a
	 * command to run it under.
	 */
	static final class Builder {

		private final Path directory;

		private final List<String> launch;

		private Path javaHome = Path.of(System.getProperty("java.home"));

		private boolean nativeAccess = true;

		private final List<String> prefix = new ArrayList<>();

		private final List<String> jvmArguments = new ArrayList<>();

		private final List<String> applicationArguments = new ArrayList<>(
				List.of("--server.port=0", "--spring.main.banner-mode=off",
						"--management.endpoints.web.exposure.include=health,info,rusage,metrics,prometheus"));

		private String logName = "sample.log";

		private Builder(Path directory, List<String> launch) {
			this.directory = directory;
			this.launch = launch;
		}

		/**
		 * Runs the sample on the given JDK instead of the one running the tests.
		 * @param javaHome the JDK's home
		 * @return this builder
		 */
		Builder javaHome(Path javaHome) {
			this.javaHome = javaHome;
			return this;
		}

		/**
		 * Leaves out {@code --enable-native-access}, to see what the JVM's default or an
		 * {@code --illegal-native-access} argument does.
		 * @return this builder
		 */
		Builder withoutNativeAccess() {
			this.nativeAccess = false;
			return this;
		}

		/**
		 * Runs the sample's {@code java} command under another, such as {@code strace}.
		 * @param command the command and its arguments, before {@code java}
		 * @return this builder
		 */
		Builder commandPrefix(String... command) {
			this.prefix.addAll(List.of(command));
			return this;
		}

		/**
		 * Adds JVM arguments, after {@code --enable-native-access}.
		 * @param arguments the arguments
		 * @return this builder
		 */
		Builder jvmArguments(String... arguments) {
			this.jvmArguments.addAll(List.of(arguments));
			return this;
		}

		/**
		 * Adds application arguments, after the port, banner and exposure ones.
		 * @param arguments the arguments, such as
		 * {@code --spring.threads.virtual.enabled=true}
		 * @return this builder
		 */
		Builder applicationArguments(String... arguments) {
			this.applicationArguments.addAll(List.of(arguments));
			return this;
		}

		/**
		 * Names the log file, for a test that starts more than one sample.
		 * @param name the file name
		 * @return this builder
		 */
		Builder logName(String name) {
			this.logName = name;
			return this;
		}

		/**
		 * Starts the sample and waits until it serves HTTP.
		 * @return the started sample
		 */
		SampleProcess start() throws Exception {
			List<String> command = new ArrayList<>(this.prefix);
			command.add(this.javaHome.resolve("bin/java").toString());
			if (this.nativeAccess) {
				command.add(System.getProperty("native.access.arg", "--enable-native-access=ALL-UNNAMED"));
			}
			command.addAll(this.jvmArguments);
			command.addAll(this.launch);
			command.addAll(this.applicationArguments);
			Path log = this.directory.resolve(this.logName);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			SampleProcess sample = new SampleProcess(process, log, List.copyOf(command));
			sample.awaitPort();
			return sample;
		}

	}

}
