package dev.rusage.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the sample's {@code /actuator/prometheus} scrape over real HTTP: every
 * resource usage series of SPEC §5, with its Prometheus name.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.prometheus.metrics.export.enabled=true")
@EnabledOnOs(OS.LINUX)
class SamplePrometheusTests {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	private static final List<String> SERIES = List.of("process_rusage_cpu_time_seconds_total mode=user",
			"process_rusage_cpu_time_seconds_total mode=system", "process_rusage_max_rss_bytes",
			"process_rusage_page_faults_total type=minor", "process_rusage_page_faults_total type=major",
			"process_rusage_context_switches_total type=voluntary",
			"process_rusage_context_switches_total type=involuntary",
			"process_rusage_block_operations_total direction=in",
			"process_rusage_block_operations_total direction=out");

	@LocalServerPort
	private int port;

	@Test
	void prometheusScrapeHasEverySeriesForSelfAndChildren() throws Exception {
		List<Sample> samples = scrapeRusage();
		for (String who : List.of("self", "children")) {
			for (String series : SERIES) {
				String[] parts = series.split("[ =]");
				Map<String, String> labels = new LinkedHashMap<>();
				// the sample tags every meter with its name
				// (management.metrics.tags.application)
				labels.put("application", "rusage-sample");
				labels.put("who", who);
				if (parts.length == 3) {
					labels.put(parts[1], parts[2]);
				}
				assertThat(samples).as(series + " who=" + who)
					.filteredOn((sample) -> sample.name().equals(parts[0]) && sample.labels().equals(labels))
					.singleElement()
					.satisfies((sample) -> assertThat(sample.value()).isNotNaN().isGreaterThanOrEqualTo(0));
			}
		}
		assertThat(samples).hasSize(2 * SERIES.size());
	}

	@Test
	void prometheusScrapeHasNoOtherRusageSeries() throws Exception {
		Set<String> names = new TreeSet<>();
		scrapeRusage().forEach((sample) -> names.add(sample.name()));
		assertThat(names).containsExactly("process_rusage_block_operations_total",
				"process_rusage_context_switches_total", "process_rusage_cpu_time_seconds_total",
				"process_rusage_max_rss_bytes", "process_rusage_page_faults_total");
	}

	@Test
	void prometheusScrapeDeclaresTypesAndHelp() throws Exception {
		String body = get("/actuator/prometheus");
		assertThat(body).contains("# TYPE process_rusage_cpu_time_seconds_total counter",
				"# TYPE process_rusage_max_rss_bytes gauge", "# TYPE process_rusage_page_faults_total counter",
				"# TYPE process_rusage_context_switches_total counter",
				"# TYPE process_rusage_block_operations_total counter",
				"# HELP process_rusage_cpu_time_seconds_total CPU time used by the process");
	}

	@Test
	void selfSeriesShowThatTheProcessHasWorked() throws Exception {
		List<Sample> samples = scrapeRusage();
		assertThat(samples).filteredOn((sample) -> "self".equals(sample.labels().get("who")))
			.filteredOn((sample) -> sample.name().equals("process_rusage_cpu_time_seconds_total")
					|| sample.name().equals("process_rusage_max_rss_bytes")
					|| "minor".equals(sample.labels().get("type")))
			.hasSize(4)
			.allSatisfy((sample) -> assertThat(sample.value()).isPositive());
	}

	private List<Sample> scrapeRusage() throws IOException, InterruptedException {
		return get("/actuator/prometheus").lines()
			.filter((line) -> line.startsWith("process_rusage"))
			.map(SamplePrometheusTests::parse)
			.toList();
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("text/plain"));
		return response.body();
	}

	private static Sample parse(String line) {
		Matcher matcher = SAMPLE.matcher(line);
		assertThat(matcher.matches()).as(line).isTrue();
		Map<String, String> labels = new LinkedHashMap<>();
		if (matcher.group(2) != null) {
			Matcher label = LABEL.matcher(matcher.group(2));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
		}
		return new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3)));
	}

	record Sample(String name, Map<String, String> labels, double value) {
	}

}
