package dev.rusage.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the sample's {@code /actuator/prometheus} scrape over real HTTP: every
 * resource usage series of SPEC §5, with its Prometheus name, and the CPU time of each
 * request by endpoint (SPEC §5a), which the sample has no code for.
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

	private static final String CPU_TIME = "http_server_requests_cpu_time_seconds";

	private static final int DIGESTS = 5;

	private static final Duration RECORDED_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newHttpClient();

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

	@Test
	void everyDigestRequestShowsItsCpuTimeByEndpointAtLeastWhatDigestMeasuredByHand() throws Exception {
		CpuTime before = digestCpuTime();
		long measuredMicros = 0;
		long maxMeasuredMicros = 0;
		for (int i = 0; i < DIGESTS; i++) {
			HttpResponse<String> response = send("/digest?rounds=100000");
			assertThat(response.statusCode()).isEqualTo(200);
			Map<String, Object> report = JsonPath.read(response.body(), "$");
			assertThat(report).containsEntry("measured", true).containsEntry("rounds", 100000);
			long micros = ((Number) report.get("userCpuMicros")).longValue()
					+ ((Number) report.get("systemCpuMicros")).longValue();
			assertThat(micros).isPositive();
			measuredMicros += micros;
			maxMeasuredMicros = Math.max(maxMeasuredMicros, micros);
		}
		CpuTime after = digestCpuTime();
		long deadline = System.nanoTime() + RECORDED_TIMEOUT.toNanos();
		// an observation stops after its response is written: the last one may lag
		while (after.count() < before.count() + DIGESTS && System.nanoTime() < deadline) {
			Thread.sleep(50);
			after = digestCpuTime();
		}
		System.out.println("SamplePrometheusTests " + CPU_TIME + "{uri=\"/digest\"}: before " + before + ", after "
				+ after + "; measure() by hand: " + measuredMicros + " us, max " + maxMeasuredMicros + " us");
		assertThat(after.count()).isEqualTo(before.count() + DIGESTS);
		// the observation's scope encloses measure() on the same thread, so each request
		// costs it at least what measure() read; 1 ns of slack for the doubles' rounding
		assertThat(after.sum() - before.sum()).isPositive().isGreaterThanOrEqualTo(measuredMicros / 1e6 - 1e-9);
		assertThat(after.max()).isGreaterThanOrEqualTo(maxMeasuredMicros / 1e6 - 1e-9).isLessThanOrEqualTo(after.sum());
		String scrape = get("/actuator/prometheus");
		assertThat(scrape).contains("# TYPE " + CPU_TIME + " summary", "# TYPE " + CPU_TIME + "_max gauge",
				"# HELP " + CPU_TIME + " CPU time (user + system) of the threads that ran the observation");
		assertThat(scrape.lines().filter((line) -> line.startsWith("rusage_observation_skipped"))).isEmpty();
	}

	private CpuTime digestCpuTime() throws IOException, InterruptedException {
		List<Sample> samples = get("/actuator/prometheus").lines()
			.filter((line) -> line.startsWith(CPU_TIME + "_"))
			.map(SamplePrometheusTests::parse)
			.filter((sample) -> "/digest".equals(sample.labels().get("uri")))
			.toList();
		if (samples.isEmpty()) {
			return new CpuTime(0, 0, 0);
		}
		// exactly the labels of the request's timer, so that the two join one to one
		Map<String, String> labels = Map.of("application", "rusage-sample", "error", "none", "exception", "none",
				"method", "GET", "outcome", "SUCCESS", "status", "200", "uri", "/digest");
		assertThat(samples).extracting(Sample::labels).containsOnly(labels);
		assertThat(get("/actuator/prometheus").lines()
			.filter((line) -> line.startsWith("http_server_requests_seconds_count{"))
			.map(SamplePrometheusTests::parse)
			.filter((sample) -> "/digest".equals(sample.labels().get("uri")))).extracting(Sample::labels)
			.containsOnly(labels);
		assertThat(samples).extracting(Sample::name)
			.containsExactlyInAnyOrder(CPU_TIME + "_count", CPU_TIME + "_sum", CPU_TIME + "_max");
		Map<String, Double> values = new LinkedHashMap<>();
		samples.forEach((sample) -> values.put(sample.name().substring(CPU_TIME.length() + 1), sample.value()));
		return new CpuTime(values.get("count").longValue(), values.get("sum"), values.get("max"));
	}

	private List<Sample> scrapeRusage() throws IOException, InterruptedException {
		return get("/actuator/prometheus").lines()
			.filter((line) -> line.startsWith("process_rusage"))
			.map(SamplePrometheusTests::parse)
			.toList();
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = send(path);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("text/plain"));
		return response.body();
	}

	private HttpResponse<String> send(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Parses one sample line of a scrape, such as {@code name{key="value"} 1.0}.
	 * @param line the line
	 * @return the sample
	 */
	static Sample parse(String line) {
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

	record CpuTime(long count, double sum, double max) {
	}

}
