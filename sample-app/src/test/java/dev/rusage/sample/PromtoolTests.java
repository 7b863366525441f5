package dev.rusage.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Prometheus' own {@code promtool} on {@code ops/prometheus/rusage-rules.yml}: the
 * rules must pass {@code promtool check rules} and their unit tests,
 * {@code rusage-rules-test.yml}, must pass {@code promtool test rules} and show every
 * alert both firing and not firing, for an application on Micrometer's names and for one
 * on OpenTelemetry's; a changed threshold must make the latter fail. Skipped where
 * {@code promtool} (Debian's {@code prometheus} package) is not installed, unless
 * {@code rusage.it.prometheus} is {@code required}.
 */
class PromtoolTests {

	// the names that only an application on Micrometer's conventions scrapes
	private static final Pattern MICROMETER_NAMES = Pattern
		.compile("^(process_rusage_\\w+\\{.*who=\"self\"|http_server_requests_cpu_time_seconds_)");

	// the names that only an application on OpenTelemetry's conventions scrapes
	private static final Pattern OPEN_TELEMETRY_NAMES = Pattern.compile(
			"^(process_cpu_time_seconds_total|process_paging_faults_total|process_context_switches_total|http_server_request_cpu_time_seconds_)");

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
	void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNotUnderEachNaming() throws IOException {
		List<Map<String, Object>> tests = unitTests();
		assertThat(rulesByKind().get("alert")).isNotEmpty().allSatisfy((alert) -> {
			String name = (String) alert.get("alert");
			assertThat(alert).as(name).containsKey("for");
			assertThat((Map<String, Object>) alert.get("annotations")).as(name).containsKeys("summary", "description");
			for (Naming naming : Naming.values()) {
				List<Map<String, Object>> alertTests = tests.stream()
					.filter((test) -> naming.equals(naming(test)))
					.flatMap((test) -> alertTests(test).stream())
					.filter((test) -> name.equals(test.get("alertname")))
					.toList();
				assertThat(alertTests).as("a test where %s fires on %s", name, naming)
					.anySatisfy((test) -> assertThat((List<?>) test.get("exp_alerts")).isNotEmpty());
				assertThat(alertTests).as("a test where %s does not fire on %s", name, naming)
					.anySatisfy((test) -> assertThat((List<?>) test.get("exp_alerts")).isEmpty());
			}
		});
	}

	@ParameterizedTest(name = "{0}: ''{1}'' made ''{2}''")
	@CsvSource(delimiter = ';',
			value = { "RusageMajorPageFaultStorm; {type=\"major\"} > 100; {type=\"major\"} > 250",
					"RusageMajorPageFaultStorm; {type=\"major\"} > 100; {type=\"major\"} > 40",
					"RusageCpuContention; ratio_rate5m > 100; ratio_rate5m > 250",
					"RusageCpuContention; ratio_rate5m > 100; ratio_rate5m > 40",
					"RusageEndpointCpuPerRequestDoubled; > 2 *; > 3.5 *",
					"RusageEndpointCpuPerRequestDoubled; > 2 *; > 1.2 *" })
	void aChangedThresholdFailsTheAlertsTestsOnOpenTelemetryNames(String alert, String threshold, String changed,
			@TempDir Path temp) throws Exception {
		String original = Files.readString(rules);
		assertThat(original.split(Pattern.quote(threshold), -1)).as("'%s' once in the rules", threshold).hasSize(2);
		Files.writeString(temp.resolve(rules.getFileName()), original.replace(threshold, changed));
		Map<String, Object> file = new LinkedHashMap<>(load(ruleTests));
		List<Map<String, Object>> tests = unitTests().stream()
			.filter((test) -> naming(test) == Naming.OPEN_TELEMETRY)
			.filter((test) -> alertTests(test).stream()
				.anyMatch((alertTest) -> alert.equals(alertTest.get("alertname"))))
			.toList();
		assertThat(tests).isNotEmpty();
		file.put("tests", tests);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Files.writeString(temp.resolve(ruleTests.getFileName()), new Yaml(options).dump(file));
		Process process = new ProcessBuilder(promtool.toString(), "test", "rules", ruleTests.getFileName().toString())
			.directory(temp.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool exits").isTrue();
		assertThat(process.exitValue()).as(output).isNotZero();
		assertThat(output).contains("FAILED").contains(alert);
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
	private static List<Map<String, Object>> unitTests() throws IOException {
		return (List<Map<String, Object>>) load(ruleTests).get("tests");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> alertTests(Map<String, Object> unitTest) {
		return (List<Map<String, Object>>) unitTest.getOrDefault("alert_rule_test", List.of());
	}

	// which naming a unit test's input is on: null if both or neither
	@SuppressWarnings("unchecked")
	private static Naming naming(Map<String, Object> unitTest) {
		List<String> series = ((List<Map<String, Object>>) unitTest.get("input_series")).stream()
			.map((input) -> (String) input.get("series"))
			.toList();
		boolean micrometer = series.stream().anyMatch((name) -> MICROMETER_NAMES.matcher(name).find());
		boolean openTelemetry = series.stream().anyMatch((name) -> OPEN_TELEMETRY_NAMES.matcher(name).find());
		if (micrometer == openTelemetry) {
			return null;
		}
		return micrometer ? Naming.MICROMETER : Naming.OPEN_TELEMETRY;
	}

	private static Map<String, Object> load(Path yaml) throws IOException {
		try (Reader reader = Files.newBufferedReader(yaml)) {
			return new Yaml().load(reader);
		}
	}

	/**
	 * The meter names an application scrapes, after Spring Boot 4.2's
	 * {@code management.observations.conventions}.
	 */
	enum Naming {

		MICROMETER, OPEN_TELEMETRY

	}

}
