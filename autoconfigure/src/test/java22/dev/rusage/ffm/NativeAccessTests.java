package dev.rusage.ffm;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which binding a JVM gets under each native-access setting and {@code rusage.binding}
 * value, each in a JVM of its own started from this one's {@code java}: Java 24 and later
 * deny native access to both bindings under {@code --illegal-native-access=deny} unless
 * {@code --enable-native-access} grants it, since JNA's {@code System.load} is as
 * restricted as a downcall.
 */
@EnabledOnOs(OS.LINUX)
@EnabledForJreRange(min = JRE.JAVA_24)
class NativeAccessTests {

	private static final String DENY = "--illegal-native-access=deny";

	@Test
	void denyWithoutEnableNativeAccessLeavesNoBindingAndNamesTheFixForBoth() throws Exception {
		List<String> output = probe(DENY);
		assertThat(output).contains("unavailable: no native binding could be loaded (tried ffm, jna)");
		assertThat(detail(output)).contains("ffm: native access is denied to the class path (unnamed modules) by --illegal-native-access=deny")
			.contains("start the JVM with --enable-native-access=ALL-UNNAMED")
			.contains("jna: native access is denied to JNA (Illegal native access from an unnamed module")
			.contains("--enable-native-access=com.sun.jna where JNA is on the module path");
	}

	@Test
	void withoutAnyNativeAccessOptionFfmIsUsedAndTheJvmWarnsOnce() throws Exception {
		List<String> output = probe();
		assertThat(output).contains("binding: ffm");
		assertThat(output).filteredOn((line) -> line.startsWith("WARNING: A restricted method")).hasSize(1);
	}

	@Test
	void denyWithNativeAccessEnabledForTheClassPathUsesFfm() throws Exception {
		assertThat(probe(DENY, "--enable-native-access=ALL-UNNAMED")).contains("binding: ffm");
	}

	@Test
	void denyWithNativeAccessEnabledForJnaOnlyFallsBackToJna() throws Exception {
		// JNA as a module of its own on the module path, native access for it alone: the
		// ffm binding, on the class path, is denied
		List<String> output = probe(List.of(DENY, "--enable-native-access=com.sun.jna", "--module-path", jnaJar(),
				"--add-modules", "com.sun.jna"));
		assertThat(output).contains("binding: jna");
	}

	@Test
	void bindingPropertyJnaForcesJnaOnJava22AndLater() throws Exception {
		assertThat(probe("--enable-native-access=ALL-UNNAMED", "-Drusage.binding=jna")).contains("binding: jna");
	}

	@Test
	void bindingPropertyFfmForcesFfmAndAutoChoosesIt() throws Exception {
		assertThat(probe("--enable-native-access=ALL-UNNAMED", "-Drusage.binding=FFM")).contains("binding: ffm");
		assertThat(probe("--enable-native-access=ALL-UNNAMED", "-Drusage.binding=auto")).contains("binding: ffm");
	}

	@Test
	void bindingPropertyFfmUnderDenyIsUnavailableWithoutTryingJna() throws Exception {
		List<String> output = probe(DENY, "-Drusage.binding=ffm");
		assertThat(output).contains("unavailable: no native binding could be loaded (tried ffm)");
		assertThat(detail(output)).doesNotContain("jna:");
	}

	@Test
	void withoutJnaOnTheClassPathAutoUsesFfmAndForcedJnaSaysJnaIsMissing() throws Exception {
		String withoutJna = Arrays.stream(testClassPath().split(File.pathSeparator))
			.filter((entry) -> !entry.contains(File.separator + "jna-"))
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(withoutJna).isNotEqualTo(testClassPath());
		assertThat(probe(withoutJna, List.of("--enable-native-access=ALL-UNNAMED"))).contains("binding: ffm");
		List<String> forced = probe(withoutJna, List.of("--enable-native-access=ALL-UNNAMED", "-Drusage.binding=jna"));
		assertThat(detail(forced)).contains("jna: JNA is not on the class path");
	}

	private static String detail(List<String> output) {
		return output.stream().filter((line) -> line.startsWith("detail: ")).findFirst().orElseThrow();
	}

	private static List<String> probe(String... jvmArguments) throws Exception {
		return probe(List.of(jvmArguments));
	}

	private static List<String> probe(List<String> jvmArguments) throws Exception {
		return probe(testClassPath(), jvmArguments);
	}

	private static List<String> probe(String classPath, List<String> jvmArguments) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.addAll(List.of("-cp", classPath, BindingProbe.class.getName()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		System.out.println("NativeAccessTests " + jvmArguments + ":\n" + output);
		return output.lines().toList();
	}

	private static String testClassPath() {
		// surefire runs the tests from a manifest-only jar and passes the real class path
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

	private static String jnaJar() throws IOException, URISyntaxException {
		try {
			Class<?> jna = Class.forName("com.sun.jna.Native", false, NativeAccessTests.class.getClassLoader());
			return Path.of(jna.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (ClassNotFoundException ex) {
			throw new IOException(ex);
		}
	}

}
