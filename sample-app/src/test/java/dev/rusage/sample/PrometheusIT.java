package dev.rusage.sample;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import com.sun.management.OperatingSystemMXBean;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample and a real Prometheus server that scrapes its
 * {@code /actuator/prometheus} every second and evaluates
 * {@code ops/prometheus/rusage-rules.yml}, drives some traffic, then runs every query of
 * every panel of {@code ops/grafana/rusage-dashboard.json} (with Grafana's variables
 * replaced by the sample's application, its instance and a one-minute rate interval) and
 * every recording rule against it: each must return series, and their values must be
 * plausible for what they measure. The expressions and their results are written to
 * {@code target/prometheus-expressions.md}.
 * <p>
 * Needs Debian's {@code prometheus} package: skipped without it, unless
 * {@code rusage.it.prometheus} is {@code required} (as {@code .ci/run} sets it).
 */
@EnabledOnOs(OS.LINUX)
class PrometheusIT {

	private static final String INSTALL = "Debian: apt-get install prometheus";

	private static final String APPLICATION = "rusage-sample";

	private static final String RATE_INTERVAL = "1m";

	private static final Duration TRAFFIC = Duration.ofSeconds(6);

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static final double CORES = Runtime.getRuntime().availableProcessors();

	private static final double MEMORY = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class)
		.getTotalMemorySize();

	/**
	 * What each panel query must return: every value finite and in [min, max], and, when
	 * {@code positive} names a label and its value ({@code "mode=user"}), that series
	 * present and above zero; {@code ""}: some series above zero; {@code null}: zero is
	 * as plausible as anything else in range.
	 */
	private static final Map<String, Plausible> PANELS = Map.ofEntries(
			Map.entry("CPU cores used, by mode / A", new Plausible(0, CORES, "mode=user")),
			// the sample starts no process (NoChildProcessIT)
			Map.entry("Children's CPU cores, by mode / A", new Plausible(0, 0, null)),
			Map.entry("CPU per request, by uri / A", new Plausible(0, 5, "uri=/digest")),
			Map.entry("Costliest request, by uri / A", new Plausible(0, 5, "uri=/digest")),
			Map.entry("Share of the process's CPU, by uri / A", new Plausible(0, 1, "uri=/digest")),
			Map.entry("Page faults per second / A", new Plausible(0, 1e7, null)),
			Map.entry("Page faults per second / B", new Plausible(0, 1e5, null)),
			Map.entry("Peak RSS / A", new Plausible(16 * 1024 * 1024, MEMORY, "")),
			Map.entry("Peak RSS / B", new Plausible(0, 0, null)),
			Map.entry("Context switches per second / A", new Plausible(0, 1e6, "type=voluntary")),
			Map.entry("CPU contention: involuntary switches per CPU-second / A", new Plausible(0, 1e6, null)),
			Map.entry("Block I/O operations per second / A", new Plausible(0, 1e7, null)));

	private static final Map<String, Plausible> RECORDS = Map.ofEntries(
			Map.entry("application_instance_mode:process_rusage_cpu_time_seconds:rate1m",
					new Plausible(0, CORES, "mode=user")),
			Map.entry("application_instance:process_rusage_cpu_time_seconds:rate1m", new Plausible(0, CORES, "")),
			Map.entry("application_instance:process_rusage_cpu_time_seconds:rate5m", new Plausible(0, CORES, "")),
			Map.entry("application_instance_type:process_rusage_page_faults:rate5m", new Plausible(0, 1e7, null)),
			Map.entry("application_instance_type:process_rusage_context_switches:rate5m",
					new Plausible(0, 1e6, "type=voluntary")),
			Map.entry("application_instance:process_rusage_involuntary_context_switches_per_cpu_second:ratio_rate5m",
					new Plausible(0, 1e6, null)),
			Map.entry("application_instance_uri:http_server_requests_cpu_time_seconds:rate1m",
					new Plausible(0, CORES, "uri=/digest")),
			Map.entry("application_instance_uri:http_server_requests_cpu_time_seconds_per_request:rate5m",
					new Plausible(0, 5, "uri=/digest")),
			Map.entry("application_instance_uri:http_server_requests_cpu_time_seconds:ratio_rate1m",
					new Plausible(0, 1, "uri=/digest")));

	private static final List<String> ROWS = new ArrayList<>();

	@TempDir
	static Path temp;

	private static SampleProcess sample;

	private static Process prometheus;

	private static String prometheusUrl;

	private static String instance;

	@BeforeAll
	static void startTheSampleAndPrometheusAndDriveTraffic() throws Exception {
		Path program = InstalledProgram.find("prometheus", "rusage.it.prometheus", INSTALL);
		sample = SampleProcess.jar(temp).start();
		instance = "127.0.0.1:" + sample.port();
		int port = freePort();
		prometheusUrl = "http://127.0.0.1:" + port;
		Path config = temp.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: rusage-sample
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['%s']
				""".formatted(PromtoolTests.opsDirectory().resolve("prometheus/rusage-rules.yml"), instance));
		prometheus = new ProcessBuilder(program.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + temp.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(temp.resolve("prometheus.log").toFile())
			.start();
		await("Prometheus ready and scraping the sample").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> {
				assertThat(prometheus.isAlive()).as("prometheus runs").isTrue();
				List<String> health = JsonPath.read(api("/api/v1/targets"), "$.data.activeTargets[*].health");
				return health.equals(List.of("up"));
			});
		long end = System.nanoTime() + TRAFFIC.toNanos();
		int requests = 0;
		while (System.nanoTime() < end) {
			assertThat(sample.get("/digest?rounds=20000&text=" + requests).statusCode()).isEqualTo(200);
			assertThat(sample.get("/actuator/rusage").statusCode()).isEqualTo(200);
			requests++;
		}
		System.out
			.println("PrometheusIT: " + requests + " requests each to /digest and /actuator/rusage in " + TRAFFIC);
		// the share of /digest is recorded from the 1m rates of the last rule in the
		// group
		await("recorded series for /digest").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> !query(
					"application_instance_uri:http_server_requests_cpu_time_seconds:ratio_rate1m{uri=\"/digest\"} > 0")
				.isEmpty());
	}

	@AfterAll
	static void stopPrometheusAndTheSample() throws Exception {
		try {
			if (!ROWS.isEmpty()) {
				Path output = Path.of(System.getProperty("rusage.it.output", "target"));
				Files.createDirectories(output);
				Files.writeString(output.resolve("prometheus-expressions.md"),
						"| query | expression, as run | result |\n|---|---|---|\n" + String.join("\n", ROWS) + "\n");
			}
			if (prometheus != null) {
				prometheus.destroy();
				if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
					prometheus.destroyForcibly().waitFor();
				}
			}
		}
		finally {
			if (sample != null) {
				sample.close();
			}
		}
	}

	@Test
	void everyDashboardQueryReturnsPlausibleValues() throws Exception {
		List<RusageDashboard.Target> targets = RusageDashboard.load().targets();
		assertThat(targets.stream().map(RusageDashboard.Target::name))
			.containsExactlyInAnyOrderElementsOf(PANELS.keySet());
		SoftAssertions softly = new SoftAssertions();
		for (RusageDashboard.Target target : targets) {
			String expr = substitute(target.expr());
			softly.assertThat(expr).as(target.name()).doesNotContain("$");
			check(softly, "panel: " + target.name(), expr, PANELS.get(target.name()));
		}
		softly.assertAll();
	}

	@Test
	void everyRecordingRuleReturnsPlausibleValues() throws Exception {
		List<Map<String, Object>> records = PromtoolTests.rulesByKind().get("record");
		assertThat(records.stream().map((rule) -> (String) rule.get("record")))
			.containsExactlyInAnyOrderElementsOf(RECORDS.keySet());
		SoftAssertions softly = new SoftAssertions();
		for (Map<String, Object> rule : records) {
			String name = (String) rule.get("record");
			check(softly, "rule: " + name, ((String) rule.get("expr")).strip(), RECORDS.get(name));
			softly.assertThat(query(name + "{instance=\"" + instance + "\"}"))
				.as("series recorded by Prometheus as %s", name)
				.isNotEmpty();
		}
		softly.assertAll();
	}

	@Test
	void everyRuleIsLoadedAndEvaluatedWithoutError() throws Exception {
		String rules = api("/api/v1/rules");
		Map<String, List<Map<String, Object>>> expected = PromtoolTests.rulesByKind();
		List<String> names = JsonPath.read(rules, "$.data.groups[*].rules[*].name");
		assertThat(names).hasSize(expected.get("record").size() + expected.get("alert").size());
		List<String> health = JsonPath.read(rules, "$.data.groups[*].rules[*].health");
		List<String> errors = JsonPath.read(rules, "$.data.groups[*].rules[?(@.lastError)].lastError");
		assertThat(errors).as("rule evaluation errors").allSatisfy((error) -> assertThat(error).isEmpty());
		assertThat(health).as("rule health").containsOnly("ok");
		List<String> alerts = JsonPath.read(rules, "$.data.groups[*].rules[?(@.type == 'alerting')].name");
		assertThat(alerts).containsExactlyInAnyOrderElementsOf(
				expected.get("alert").stream().map((alert) -> (String) alert.get("alert")).toList());
	}

	@Test
	void dashboardVariablesListTheSampleAndItsInstance() throws Exception {
		Map<String, Map<String, Object>> variables = RusageDashboard.load().variables();
		assertThat(labelValues((String) variables.get("application").get("query"))).contains(APPLICATION);
		assertThat(labelValues(substitute((String) variables.get("instance").get("query")))).containsExactly(instance);
	}

	private static void check(SoftAssertions softly, String name, String expr, Plausible plausible) throws Exception {
		softly.assertThat(plausible).as("%s has a plausible range in PrometheusIT", name).isNotNull();
		List<Map<String, Object>> result = query(expr);
		ROWS.add("| " + name + " | `" + expr.replaceAll("\\s+", " ").replace("|", "\\|") + "` | "
				+ describe(result).replace("|", "\\|") + " |");
		System.out
			.println("PrometheusIT " + name + "\n  " + expr.replaceAll("\\s+", " ") + "\n  => " + describe(result));
		softly.assertThat(result).as("%s returns series: %s", name, expr).isNotEmpty();
		if (plausible == null) {
			return;
		}
		for (Map<String, Object> series : result) {
			double value = value(series);
			softly.assertThat(value)
				.as("%s %s", name, series.get("metric"))
				.isFinite()
				.isBetween(plausible.min(), plausible.max());
		}
		if (plausible.positive() != null) {
			String[] label = plausible.positive().split("=", 2);
			softly.assertThat(result)
				.as("%s has a series%s above zero", name,
						plausible.positive().isEmpty() ? "" : " " + plausible.positive())
				.anySatisfy((series) -> {
					if (label.length == 2) {
						assertThat(labels(series)).containsEntry(label[0], label[1]);
					}
					assertThat(value(series)).isPositive();
				});
		}
	}

	private static String substitute(String expr) {
		return expr.replace("$application", APPLICATION)
			.replace("$instance", instance)
			.replace("$__rate_interval", RATE_INTERVAL)
			.replace("$__interval", RATE_INTERVAL)
			.replace("$__range", RATE_INTERVAL);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> labels(Map<String, Object> series) {
		return (Map<String, Object>) series.get("metric");
	}

	private static double value(Map<String, Object> series) {
		String value = (String) ((List<?>) series.get("value")).get(1);
		return switch (value) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(value);
		};
	}

	private static String describe(List<Map<String, Object>> result) {
		if (result.isEmpty()) {
			return "(empty)";
		}
		return result.stream().map((series) -> {
			Map<String, Object> labels = new TreeMap<>(labels(series));
			labels.keySet().removeAll(List.of("__name__", "application", "instance", "job"));
			String name = labels.entrySet()
				.stream()
				.map((label) -> label.getKey() + "=\"" + label.getValue() + "\"")
				.collect(Collectors.joining(", ", "{", "}"));
			return name + " " + String.format(Locale.ROOT, "%.4g", value(series));
		}).sorted().collect(Collectors.joining("; "));
	}

	private static List<Map<String, Object>> query(String expr) throws Exception {
		String body = api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
		assertThat((String) JsonPath.read(body, "$.status")).as("%s: %s", expr, body).isEqualTo("success");
		assertThat((String) JsonPath.read(body, "$.data.resultType")).as(expr).isEqualTo("vector");
		return JsonPath.read(body, "$.data.result");
	}

	// Grafana's label_values(selector, label), as Prometheus' label values API
	private static List<String> labelValues(String query) throws Exception {
		String arguments = query.substring("label_values(".length(), query.length() - 1);
		int comma = arguments.lastIndexOf(',');
		String selector = arguments.substring(0, comma).strip();
		String label = arguments.substring(comma + 1).strip();
		String body = api(
				"/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
		return JsonPath.read(body, "$.data");
	}

	private static String api(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(prometheusUrl + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The values a query may plausibly return here.
	 *
	 * @param min the smallest plausible value
	 * @param max the largest plausible value
	 * @param positive a {@code label=value} whose series must be above zero, {@code ""}
	 * for any series, or {@code null} for none
	 */
	private record Plausible(double min, double max, String positive) {

	}

}
