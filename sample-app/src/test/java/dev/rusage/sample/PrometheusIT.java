package dev.rusage.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
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
 * plausible for what they measure. The same for an application on OpenTelemetry's names
 * ({@code management.observations.conventions=open-telemetry}, which the sample's Spring
 * Boot 4.0 cannot switch on): a second scrape target, on loopback in this test, serves
 * each of the sample's scrapes again with the names and labels Spring Boot 4.2 gives it
 * there and the application {@code rusage-sample-otel}, so that those queries read real,
 * moving figures. The expressions and their results are written to
 * {@code target/prometheus-expressions.md}.
 * <p>
 * Needs Debian's {@code prometheus} package: skipped without it, unless
 * {@code rusage.it.prometheus} is {@code required} (as {@code .ci/run} sets it).
 */
@EnabledOnOs(OS.LINUX)
class PrometheusIT {

	private static final String INSTALL = "Debian: apt-get install prometheus";

	private static final String APPLICATION = "rusage-sample";

	private static final String OPEN_TELEMETRY_APPLICATION = "rusage-sample-otel";

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
					new Plausible(0, 1, "uri=/digest")),
			Map.entry("application_instance_uri:http_server_requests_cpu_time_seconds_count:rate5m",
					new Plausible(0, 1e4, "uri=/digest")),
			Map.entry("application_uri:http_server_requests_cpu_time_seconds_count:rate15m",
					new Plausible(0, 1e4, "uri=/digest")),
			Map.entry("application_uri:http_server_requests_cpu_time_seconds_per_request:rate15m",
					new Plausible(0, 5, "uri=/digest")),
			Map.entry("application_uri:http_server_requests_cpu_time_seconds_per_request:rate1h",
					new Plausible(0, 5, "uri=/digest")));

	// a Grafana variable left in a query; label_replace's "$1" is none
	private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$(\\{|[A-Za-z_])");

	private static final List<String> ROWS = new ArrayList<>();

	@TempDir
	static Path temp;

	private static SampleProcess sample;

	private static HttpServer openTelemetryTarget;

	private static Process prometheus;

	private static String prometheusUrl;

	private static List<Application> applications;

	@BeforeAll
	static void startTheSampleAndPrometheusAndDriveTraffic() throws Exception {
		Path program = InstalledProgram.find("prometheus", "rusage.it.prometheus", INSTALL);
		sample = SampleProcess.jar(temp).start();
		openTelemetryTarget = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		openTelemetryTarget.createContext("/metrics", (exchange) -> {
			try (exchange) {
				byte[] body = OpenTelemetryNames.scrape(micrometerScrape()).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		});
		openTelemetryTarget.start();
		applications = List.of(new Application("micrometer", APPLICATION, "127.0.0.1:" + sample.port()),
				new Application("open-telemetry", OPEN_TELEMETRY_APPLICATION,
						"127.0.0.1:" + openTelemetryTarget.getAddress().getPort()));
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
				  - job_name: rusage-sample-otel
				    metrics_path: /metrics
				    static_configs:
				      - targets: ['%s']
				""".formatted(PromtoolTests.opsDirectory().resolve("prometheus/rusage-rules.yml"),
				applications.get(0).instance(), applications.get(1).instance()));
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
				return health.equals(List.of("up", "up"));
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
		// the share of /digest is recorded from the 1m rates of an earlier rule in the
		// group
		await("recorded series for /digest under both namings").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> query(
					"application_instance_uri:http_server_requests_cpu_time_seconds:ratio_rate1m{uri=\"/digest\"} > 0")
				.size() == applications.size());
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
			if (openTelemetryTarget != null) {
				openTelemetryTarget.stop(0);
			}
		}
		finally {
			if (sample != null) {
				sample.close();
			}
		}
	}

	@Test
	void everyDashboardQueryReturnsPlausibleValuesUnderEachNaming() throws Exception {
		List<RusageDashboard.Target> targets = RusageDashboard.load().targets();
		assertThat(targets.stream().map(RusageDashboard.Target::name))
			.containsExactlyInAnyOrderElementsOf(PANELS.keySet());
		SoftAssertions softly = new SoftAssertions();
		for (Application application : applications) {
			for (RusageDashboard.Target target : targets) {
				String expr = substitute(target.expr(), application.name(), application.instance());
				softly.assertThat(expr).as(target.name()).doesNotContainPattern(GRAFANA_VARIABLE);
				check(softly, "panel: " + target.name() + " [" + application.naming() + "]", query(expr), expr,
						PANELS.get(target.name()));
			}
		}
		softly.assertAll();
	}

	@Test
	void dashboardQueriesOnAllApplicationsShowEachInstanceWhateverItsNaming() throws Exception {
		SoftAssertions softly = new SoftAssertions();
		for (RusageDashboard.Target target : RusageDashboard.load().targets()) {
			List<Map<String, Object>> result = query(substitute(target.expr(), ".*", ".+"));
			if (result.stream().anyMatch((series) -> labels(series).containsKey("instance"))) {
				softly.assertThat(result.stream().map((series) -> labels(series).get("instance")).distinct())
					.as(target.name())
					.containsExactlyInAnyOrderElementsOf(applications.stream().map(Application::instance).toList());
			}
		}
		softly.assertAll();
	}

	@Test
	void everyRecordingRuleReturnsPlausibleValuesUnderEachNaming() throws Exception {
		List<Map<String, Object>> records = PromtoolTests.rulesByKind().get("record");
		assertThat(records.stream().map((rule) -> (String) rule.get("record")))
			.containsExactlyInAnyOrderElementsOf(RECORDS.keySet());
		SoftAssertions softly = new SoftAssertions();
		for (Map<String, Object> rule : records) {
			String name = (String) rule.get("record");
			String expr = ((String) rule.get("expr")).strip();
			List<Map<String, Object>> result = query(expr);
			for (Application application : applications) {
				check(softly, "rule: " + name + " [" + application.naming() + "]",
						result.stream()
							.filter((series) -> application.name().equals(labels(series).get("application")))
							.toList(),
						expr, RECORDS.get(name));
				softly.assertThat(query(name + "{application=\"" + application.name() + "\"}"))
					.as("series recorded by Prometheus as %s for %s", name, application.name())
					.isNotEmpty();
			}
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
	void eachApplicationIsScrapedUnderItsOwnNamingOnly() throws Exception {
		List<String> openTelemetryOnly = List.of("process_cpu_time_seconds_total", "process_paging_faults_total",
				"process_context_switches_total", "process_disk_operations_total",
				"http_server_request_cpu_time_seconds_count", "http_server_request_cpu_time_seconds_sum",
				"http_server_request_cpu_time_seconds_max");
		List<String> micrometerOnly = List.of("http_server_requests_cpu_time_seconds_count",
				"http_server_requests_cpu_time_seconds_sum", "http_server_requests_cpu_time_seconds_max",
				"process_cpu_time_ns_total");
		List<String> both = List.of("process_rusage_max_rss_bytes", "process_rusage_cpu_time_seconds_total");
		String micrometer = "application=\"" + applications.get(0).name() + "\"";
		String openTelemetry = "application=\"" + applications.get(1).name() + "\"";
		assertThat(names("{" + micrometer + "}")).containsAll(micrometerOnly)
			.containsAll(both)
			.doesNotContainAnyElementsOf(openTelemetryOnly);
		assertThat(names("{" + micrometer + ", who=\"self\"}")).contains("process_rusage_cpu_time_seconds_total",
				"process_rusage_page_faults_total", "process_rusage_context_switches_total",
				"process_rusage_block_operations_total");
		assertThat(names("{" + openTelemetry + "}")).containsAll(openTelemetryOnly)
			.containsAll(both)
			.doesNotContainAnyElementsOf(micrometerOnly);
		assertThat(names("{" + openTelemetry + ", who=\"self\"}")).containsExactly("process_rusage_max_rss_bytes");
	}

	@Test
	void dashboardVariablesListEachApplicationAndItsInstance() throws Exception {
		Map<String, Map<String, Object>> variables = RusageDashboard.load().variables();
		assertThat(labelValues((String) variables.get("application").get("query")))
			.containsAll(applications.stream().map(Application::name).toList());
		for (Application application : applications) {
			assertThat(labelValues(substitute((String) variables.get("instance").get("query"), application.name(),
					application.instance())))
				.containsExactly(application.instance());
		}
	}

	private static void check(SoftAssertions softly, String name, List<Map<String, Object>> result, String expr,
			Plausible plausible) {
		softly.assertThat(plausible).as("%s has a plausible range in PrometheusIT", name).isNotNull();
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

	private static String micrometerScrape() throws IOException {
		try {
			return sample.get("/actuator/prometheus", "text/plain; version=0.0.4; charset=utf-8").body();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static String substitute(String expr, String application, String instance) {
		return expr.replace("$application", application)
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

	// the metric names of the series that a selector matches
	private static List<String> names(String selector) throws Exception {
		return JsonPath.read(
				api("/api/v1/label/__name__/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)),
				"$.data");
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

	/**
	 * An application that Prometheus scrapes here.
	 *
	 * @param naming the meter names it has
	 * @param name its {@code application} label
	 * @param instance its {@code instance} label
	 */
	private record Application(String naming, String name, String instance) {

	}

	/**
	 * The sample's scrape as an application on Spring Boot 4.2 with
	 * {@code management.observations.conventions=open-telemetry} has it: the {@code self}
	 * process meters under OpenTelemetry's names and labels, the per-request meter as
	 * {@code http_server_request_cpu_time_seconds} with the OpenTelemetry tags of the
	 * request's timer, peak RSS and the {@code children} meters unchanged, and nothing
	 * else (none of Micrometer's own meters, whose names change too).
	 */
	static final class OpenTelemetryNames {

		private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (.+)");

		private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

		private static final Map<String, String[]> SELF = Map.of("process_rusage_cpu_time_seconds_total",
				new String[] { "process_cpu_time_seconds_total", "mode", "cpu_mode" },
				"process_rusage_page_faults_total",
				new String[] { "process_paging_faults_total", "type", "system_paging_fault_type" },
				"process_rusage_context_switches_total",
				new String[] { "process_context_switches_total", "type", "process_context_switch_type" },
				"process_rusage_block_operations_total",
				new String[] { "process_disk_operations_total", "direction", "disk_io_direction" });

		private static final Map<String, String> DISK_IO_DIRECTIONS = Map.of("in", "read", "out", "write");

		private static final Map<String, String> REQUEST_TAGS = Map.of("method", "http_request_method", "uri",
				"http_route", "status", "http_response_status_code", "exception", "error_type", "outcome", "outcome",
				"error", "error", "application", "application");

		private OpenTelemetryNames() {
		}

		static String scrape(String micrometer) {
			StringBuilder scrape = new StringBuilder();
			for (String line : micrometer.split("\n")) {
				Matcher sample = SAMPLE.matcher(line);
				if (line.startsWith("#") || !sample.matches()) {
					continue;
				}
				String name = sample.group(1);
				Map<String, String> labels = new LinkedHashMap<>();
				Matcher label = LABEL.matcher((sample.group(2) != null) ? sample.group(2) : "");
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
				labels.computeIfPresent("application", (key, value) -> OPEN_TELEMETRY_APPLICATION);
				Map<String, String> renamed = new LinkedHashMap<>();
				if (SELF.containsKey(name) && "self".equals(labels.get("who"))) {
					String[] openTelemetry = SELF.get(name);
					name = openTelemetry[0];
					renamed.put("application", labels.get("application"));
					String value = labels.get(openTelemetry[1]);
					renamed.put(openTelemetry[2], DISK_IO_DIRECTIONS.getOrDefault(value, value));
				}
				else if (name.startsWith("process_rusage_")) {
					renamed = labels;
				}
				else if (name.startsWith("http_server_requests_cpu_time_seconds_")) {
					name = name.replace("http_server_requests_", "http_server_request_");
					for (Map.Entry<String, String> tag : labels.entrySet()) {
						renamed.put(REQUEST_TAGS.getOrDefault(tag.getKey(), tag.getKey()), tag.getValue());
					}
					renamed.put("url_scheme", "http");
				}
				else {
					continue;
				}
				scrape.append(name)
					.append(renamed.entrySet()
						.stream()
						.map((tag) -> tag.getKey() + "=\"" + tag.getValue() + "\"")
						.collect(Collectors.joining(",", "{", "}")))
					.append(' ')
					.append(sample.group(3))
					.append('\n');
			}
			return scrape.toString();
		}

	}

}
