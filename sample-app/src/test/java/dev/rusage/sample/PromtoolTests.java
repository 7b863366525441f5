package dev.rusage.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Prometheus' own {@code promtool} on {@code ops/prometheus/rusage-rules.yml}: the
 * rules must pass {@code promtool check rules} and their unit tests,
 * {@code rusage-rules-test.yml}, must pass {@code promtool test rules} and show every
 * alert both firing and not firing. Skipped where {@code promtool} (Debian's
 * {@code prometheus} package) is not installed, unless {@code rusage.it.prometheus} is
 * {@code required}.
 */
class PromtoolTests {

	private static final String INSTALL = "Debian: apt-get install prometheus";

	private static Path promtool;

	private static Path rules;

	private static Path ruleTests;

	@BeforeAll
	static void findPromtoolAndTheRules() {
		promtool = InstalledProgram.find("promtool", "rusage.it.prometheus", INSTALL);
		Path prometheus = opsDirectory().resolve("prometheus");
		rules = prometheus.resolve("rusage-rules.yml");
		ruleTests = prometheus.resolve("rusage-rules-test.yml");
		assertThat(rules).isRegularFile();
		assertThat(ruleTests).isRegularFile();
	}

	static Path opsDirectory() {
		String ops = System.getProperty("rusage.ops.dir");
		assertThat(ops).as("system property rusage.ops.dir, set by the build to the repository's ops/").isNotNull();
		return Path.of(ops).toAbsolutePath().normalize();
	}

	@Test
	void rulesPassPromtoolCheckRules() throws Exception {
		Map<String, List<Map<String, Object>>> rulesByKind = rulesByKind();
		int count = rulesByKind.get("record").size() + rulesByKind.get("alert").size();
		String output = promtool("check", "rules", rules.toString());
		assertThat(output).contains("SUCCESS: " + count + " rules found").doesNotContain("FAILED");
	}

	@Test
	void ruleUnitTestsPass() throws Exception {
		String output = promtool("test", "rules", ruleTests.getFileName().toString());
		assertThat(output).contains("SUCCESS").doesNotContain("FAILED");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot() throws IOException {
		List<Map<String, Object>> alertTests = alertTests();
		assertThat(rulesByKind().get("alert")).isNotEmpty().allSatisfy((alert) -> {
			String name = (String) alert.get("alert");
			assertThat(alert).as(name).containsKey("for");
			assertThat((Map<String, Object>) alert.get("annotations")).as(name).containsKeys("summary", "description");
			List<Map<String, Object>> tests = alertTests.stream()
				.filter((test) -> name.equals(test.get("alertname")))
				.toList();
			assertThat(tests).as("a test where %s fires", name)
				.anySatisfy((test) -> assertThat((List<?>) test.get("exp_alerts")).isNotEmpty());
			assertThat(tests).as("a test where %s does not fire", name)
				.anySatisfy((test) -> assertThat((List<?>) test.get("exp_alerts")).isEmpty());
		});
	}

	private String promtool(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(promtool.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(rules.getParent().toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool exits").isTrue();
		System.out.println("$ promtool " + String.join(" ", arguments) + "\n" + output);
		assertThat(process.exitValue()).as("exit value of promtool %s:%n%s", String.join(" ", arguments), output)
			.isZero();
		return output;
	}

	@SuppressWarnings("unchecked")
	static Map<String, List<Map<String, Object>>> rulesByKind() throws IOException {
		Map<String, Object> file = load(opsDirectory().resolve("prometheus/rusage-rules.yml"));
		List<Map<String, Object>> all = ((List<Map<String, Object>>) file.get("groups")).stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.toList();
		return Map.of("record", all.stream().filter((rule) -> rule.containsKey("record")).toList(), "alert",
				all.stream().filter((rule) -> rule.containsKey("alert")).toList());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> alertTests() throws IOException {
		Map<String, Object> file = load(ruleTests);
		return ((List<Map<String, Object>>) file.get("tests")).stream()
			.flatMap((test) -> ((List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())).stream())
			.toList();
	}

	private static Map<String, Object> load(Path yaml) throws IOException {
		try (Reader reader = Files.newBufferedReader(yaml)) {
			return new Yaml().load(reader);
		}
	}

}
