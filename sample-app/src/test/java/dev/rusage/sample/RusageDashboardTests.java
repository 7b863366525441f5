package dev.rusage.sample;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@code ops/grafana/rusage-dashboard.json} can be imported into any Grafana
 * with a Prometheus data source: the data source is a variable that every panel and query
 * uses, every series selector is narrowed by the {@code application} and {@code instance}
 * variables, and every query reads Micrometer's names and OpenTelemetry's alike.
 * {@link PrometheusIT} runs the queries.
 */
class RusageDashboardTests {

	private static final Pattern SELECTOR = Pattern.compile("([a-z_:]+)\\{([^}]*)\\}");

	private static final Map<String, Object> DATASOURCE = Map.of("type", "prometheus", "uid", "${datasource}");

	/**
	 * The same figure under Micrometer's name (the selector's name and a matcher it must
	 * have) and under OpenTelemetry's, as {@code management.observations.conventions}
	 * makes Spring Boot 4.2 scrape it.
	 */
	private static final Map<String, String> OPEN_TELEMETRY_NAMES = Map.of(
			"process_rusage_cpu_time_seconds_total{who=\"self\"", "process_cpu_time_seconds_total{",
			"process_rusage_page_faults_total{who=\"self\"", "process_paging_faults_total{",
			"process_rusage_context_switches_total{who=\"self\"", "process_context_switches_total{",
			"process_rusage_block_operations_total{who=\"self\"", "process_disk_operations_total{",
			"http_server_requests_cpu_time_seconds_sum{", "http_server_request_cpu_time_seconds_sum{",
			"http_server_requests_cpu_time_seconds_count{", "http_server_request_cpu_time_seconds_count{",
			"http_server_requests_cpu_time_seconds_max{", "http_server_request_cpu_time_seconds_max{");

	@Test
	void dashboardHasAStableUidAndNoInstanceId() throws Exception {
		RusageDashboard dashboard = RusageDashboard.load();
		assertThat((String) dashboard.read("$.uid")).isEqualTo("rusage-process");
		assertThat((Object) dashboard.read("$.id")).isNull();
	}

	@Test
	void dataSourceApplicationAndInstanceAreVariables() throws Exception {
		Map<String, Map<String, Object>> variables = RusageDashboard.load().variables();
		assertThat(variables).containsOnlyKeys("datasource", "application", "instance");
		assertThat(variables.get("datasource")).containsEntry("type", "datasource")
			.containsEntry("query", "prometheus");
		assertThat(variables.get("application")).containsEntry("type", "query")
			.containsEntry("datasource", DATASOURCE)
			.containsEntry("query", "label_values(process_rusage_max_rss_bytes, application)");
		assertThat(variables.get("instance")).containsEntry("type", "query")
			.containsEntry("datasource", DATASOURCE)
			.containsEntry("multi", true)
			.containsEntry("query",
					"label_values(process_rusage_max_rss_bytes{application=~\"$application\"}, instance)");
	}

	@Test
	void everyPanelAndQueryUsesTheDataSourceVariable() throws Exception {
		RusageDashboard dashboard = RusageDashboard.load();
		assertThat(dashboard.panels()).isNotEmpty()
			.allSatisfy((panel) -> assertThat(panel).as((String) panel.get("title"))
				.containsEntry("datasource", DATASOURCE)
				.containsKeys("title", "description", "gridPos", "fieldConfig"));
		assertThat(dashboard.targets()).isNotEmpty()
			.allSatisfy((target) -> assertThat(target.datasource()).as(target.name()).isEqualTo(DATASOURCE));
	}

	@Test
	void everySelectorIsNarrowedByApplicationAndInstance() throws Exception {
		List<RusageDashboard.Target> targets = RusageDashboard.load().targets();
		assertThat(targets).allSatisfy((target) -> {
			Matcher selector = SELECTOR.matcher(target.expr());
			int selectors = 0;
			while (selector.find()) {
				selectors++;
				assertThat(selector.group(2)).as("%s: %s", target.name(), selector.group())
					.contains("application=~\"$application\"", "instance=~\"$instance\"");
			}
			assertThat(selectors).as(target.name()).isPositive();
		});
	}

	@Test
	void panelsCoverEveryMeter() throws Exception {
		String queries = String.join("\n",
				RusageDashboard.load().targets().stream().map(RusageDashboard.Target::expr).toList());
		assertThat(queries).contains("process_rusage_cpu_time_seconds_total{", "who=\"self\"", "who=\"children\"",
				"process_rusage_max_rss_bytes{", "process_rusage_page_faults_total{", "type=\"major\"",
				"process_rusage_context_switches_total{", "type=\"involuntary\"",
				"process_rusage_block_operations_total{", "http_server_requests_cpu_time_seconds_sum{",
				"http_server_requests_cpu_time_seconds_count{", "http_server_requests_cpu_time_seconds_max{");
		assertThat(queries).contains(OPEN_TELEMETRY_NAMES.values());
	}

	@Test
	void everyQueryOnAMicrometerNameAlsoReadsTheOpenTelemetryName() throws Exception {
		assertThat(RusageDashboard.load().targets()).allSatisfy((target) -> {
			String expr = withoutVariableMatchers(target.expr());
			OPEN_TELEMETRY_NAMES.forEach((micrometer, openTelemetry) -> {
				if (expr.contains(micrometer)) {
					assertThat(expr).as(target.name()).contains(openTelemetry);
				}
			});
		});
	}

	@Test
	void noQueryReadsMicrometersOwnProcessCpuOrAnotherCpuMode() throws Exception {
		assertThat(RusageDashboard.load().targets()).allSatisfy((target) -> {
			String expr = withoutVariableMatchers(target.expr());
			assertThat(expr).as(target.name()).doesNotContain("process_cpu_time_ns");
			Matcher selector = SELECTOR.matcher(expr);
			while (selector.find()) {
				if (selector.group(1).equals("process_cpu_time_seconds_total")) {
					assertThat(selector.group(2)).as(target.name()).isEqualTo("cpu_mode=~\"user|system\"");
				}
			}
		});
	}

	private static String withoutVariableMatchers(String expr) {
		return expr.replace("application=~\"$application\", instance=~\"$instance\"", "").replace("{, ", "{");
	}

}
