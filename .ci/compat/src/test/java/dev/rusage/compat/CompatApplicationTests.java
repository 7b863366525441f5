package dev.rusage.compat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.compat.CompatClient.RequestMeters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Starts the application on a random port, on whichever Spring Boot line this build was
 * given, and talks to it over real HTTP with the JDK client (the same on every line). The
 * starter jars are the ones the main build installed. Under Micrometer's conventions, the
 * default, the process meters keep their names on every line, and the CPU time of each
 * request is recorded with exactly the labels of its timer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.prometheus.metrics.export.enabled=true")
@EnabledOnOs(OS.LINUX)
class CompatApplicationTests {

	private static final List<String> ENDPOINT_KEYS = List.of("who", "ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss",
			"ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd",
			"ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw", "maxrss_bytes", "pagesize", "unmaintained");

	private static final List<String> LINUX_UNMAINTAINED = List.of("ru_ixrss", "ru_idrss", "ru_isrss", "ru_nswap",
			"ru_msgsnd", "ru_msgrcv", "ru_nsignals");

	private static final String ACTUATOR_V3_JSON = "application/vnd.spring-boot.actuator.v3+json";

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ResourceUsageService resourceUsageService;

	@Test
	void rusageShouldAnswerSelfWithEveryKeyOfTheSpecInOrder() throws Exception {
		HttpResponse<String> response = get("/actuator/rusage", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith(ACTUATOR_V3_JSON));
		assertUsage(response.body(), "self");
		Map<String, Object> body = JsonPath.read(response.body(), "$");
		assertThat(number(body, "ru_utime").doubleValue()).isPositive();
		assertThat(number(body, "ru_minflt").longValue()).isPositive();
		assertThat(number(body, "ru_nvcsw").longValue() + number(body, "ru_nivcsw").longValue()).isPositive();
	}

	@Test
	void rusageShouldAnswerPlainJsonWhenAskedForIt() throws Exception {
		HttpResponse<String> response = get("/actuator/rusage", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/json"));
		assertUsage(response.body(), "self");
	}

	@Test
	void rusageChildrenShouldAnswerWithEveryKeyOfTheSpec() throws Exception {
		HttpResponse<String> response = get("/actuator/rusage/children", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertUsage(response.body(), "children");
	}

	@Test
	void rusageShouldAcceptThreadAndBothCaseInsensitively() throws Exception {
		HttpResponse<String> thread = get("/actuator/rusage/Thread", null);
		assertThat(thread.statusCode()).isEqualTo(200);
		assertUsage(thread.body(), "thread");
		HttpResponse<String> both = get("/actuator/rusage/BOTH", null);
		assertThat(both.statusCode()).isEqualTo(200);
		assertUsage(both.body(), "both");
	}

	@Test
	void rusageWithUnknownWhoShouldBe400NamingTheValidValues() throws Exception {
		HttpResponse<String> response = get("/actuator/rusage/bogus", null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("bogus", "self", "children", "thread", "both");
	}

	@Test
	void prometheusShouldExposeTheRusageMeters() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus", null);
		assertThat(response.statusCode()).isEqualTo(200);
		String scrape = response.body();
		for (String who : List.of("self", "children")) {
			assertSample(scrape, "process_rusage_cpu_time_seconds_total", who, "mode=\"user\"");
			assertSample(scrape, "process_rusage_cpu_time_seconds_total", who, "mode=\"system\"");
			assertSample(scrape, "process_rusage_max_rss_bytes", who, null);
			assertSample(scrape, "process_rusage_page_faults_total", who, "type=\"minor\"");
			assertSample(scrape, "process_rusage_page_faults_total", who, "type=\"major\"");
			assertSample(scrape, "process_rusage_context_switches_total", who, "type=\"voluntary\"");
			assertSample(scrape, "process_rusage_context_switches_total", who, "type=\"involuntary\"");
			assertSample(scrape, "process_rusage_block_operations_total", who, "direction=\"in\"");
			assertSample(scrape, "process_rusage_block_operations_total", who, "direction=\"out\"");
		}
	}

	@Test
	void eachRequestShouldCostTheCpuTimeItsThreadBurned() throws Exception {
		client().assertBurnsRecorded(RequestMeters.MICROMETER, "default");
	}

	@Test
	void cpuTimeOfEachRequestShouldCarryExactlyTheLabelsOfItsTimerErrorIncluded() throws Exception {
		client().burn();
		client().assertLabelsOfTimer(RequestMeters.MICROMETER, "/burn");
		assertThat(get("/fail", "application/json").statusCode()).isEqualTo(500);
		assertThat(client().assertLabelsOfTimer(RequestMeters.MICROMETER, "/fail"))
			.allSatisfy((series) -> assertThat(series.labels()).containsEntry("error", "IllegalStateException"));
		client().printSeries("default", RequestMeters.MICROMETER, "/fail");
	}

	@Test
	void aTimedOutAsyncRequestShouldBeRecordedOnceWithTheStatusTheClientSaw() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(get("/deferred-never", "application/json").statusCode()).isEqualTo(503);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<Series> cpu = Series.of(client().scrape(), RequestMeters.MICROMETER.cpu() + "_count", "uri",
					"/deferred-never");
			assertThat(cpu).singleElement().satisfies((series) -> {
				assertThat(series.labels()).containsEntry("status", "503");
				assertThat(series.value()).isEqualTo(3);
			});
		});
		client().printSeries("default", RequestMeters.MICROMETER, "/deferred-never");
	}

	@Test
	void processMetersShouldKeepTheirNamesUnderMicrometerConventions() throws Exception {
		String scrape = client().scrape();
		assertThat(Series.of(scrape, "process_rusage_cpu_time_seconds_total", "who", "self")).hasSize(2);
		// OpenTelemetry's names are for
		// management.observations.conventions=open-telemetry only
		for (String name : List.of("process_cpu_time_seconds_total", "process_context_switches_total",
				"process_paging_faults_total", "process_disk_operations_total")) {
			assertThat(Series.of(scrape, name, null, null)).as("%s in the scrape", name).isEmpty();
		}
		scrape.lines()
			.filter((line) -> line.startsWith("process_rusage_") && line.contains("who=\"self\""))
			.forEach((line) -> System.out.printf("compat-series [default] %s%n", line));
	}

	@Test
	@EnabledIfSystemProperty(named = "compat.boot.version", matches = ".+")
	void bootShouldBeTheVersionOfThisCell() {
		// run-matrix.sh says which; it checks the resolved artifacts too
		assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("compat.boot.version"));
	}

	@Test
	void controllerShouldReadThroughTheInjectedService() throws Exception {
		HttpResponse<String> response = get("/usage/self", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> body = JsonPath.read(response.body(), "$");
		assertThat(body).containsEntry("who", "self");
		assertThat(number(body, "userTimeMicros").longValue()).isPositive();
		assertThat(number(body, "maxResidentSetSizeBytes").longValue()).isGreaterThan(1024L * 1024);
		assertThat(number(body, "pagesize").intValue()).isPositive();
		assertThat(body.get("values")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(16);
		assertThat((String) body.get("serviceType")).doesNotContain("Unavailable");
	}

	@Test
	void injectedServiceShouldReadEveryWho() {
		assertThat(this.resourceUsageService.isAvailable()).isTrue();
		assertThat(this.resourceUsageService.getpagesize()).isPositive();
		ResourceUsage self = this.resourceUsageService.getrusage(0);
		assertThat(self.who()).isEqualTo(Who.SELF);
		assertThat(self.userTimeMicros()).isPositive();
		assertThat(self.values()).hasSize(16);
		assertThat(this.resourceUsageService.getrusage(Who.CHILDREN).who()).isEqualTo(Who.CHILDREN);
		assertThat(this.resourceUsageService.getrusage(Who.THREAD).who()).isEqualTo(Who.THREAD);
		assertThat(this.resourceUsageService.getrusage(-2).who()).isEqualTo(Who.BOTH);
		assertThatIllegalArgumentException().isThrownBy(() -> this.resourceUsageService.getrusage(7))
			.withMessageContaining("7");
	}

	@Test
	void injectedServiceShouldReadThroughTheBindingOfThisJava() {
		// run-matrix.sh: ffm on Java 22+ when the jar has it, jna otherwise
		String expected = System.getProperty("compat.binding", (Runtime.version().feature() >= 22) ? "ffm" : "jna");
		assertThat(this.resourceUsageService.binding()).isEqualTo(expected);
	}

	private void assertUsage(String json, String who) {
		Map<String, Object> body = JsonPath.read(json, "$");
		assertThat(body.keySet()).containsExactlyInAnyOrderElementsOf(ENDPOINT_KEYS);
		assertThat(ENDPOINT_KEYS).isSortedAccordingTo(Comparator.comparingInt((key) -> json.indexOf('"' + key + '"')));
		assertThat(body).containsEntry("who", who);
		// seconds with microsecond precision, as plain decimals (SPEC section 4)
		assertThat(json).containsPattern(Pattern.compile("\"ru_utime\":\\d+\\.\\d{6}[,}]"))
			.containsPattern(Pattern.compile("\"ru_stime\":\\d+\\.\\d{6}[,}]"));
		long maxrss = number(body, "ru_maxrss").longValue();
		// Linux reports ru_maxrss in KiB
		assertThat(number(body, "maxrss_bytes").longValue()).isEqualTo(maxrss * 1024);
		if (!who.equals("children")) {
			assertThat(maxrss).isPositive();
		}
		assertThat(number(body, "pagesize").intValue()).isPositive();
		assertThat(body.get("unmaintained")).asInstanceOf(InstanceOfAssertFactories.list(String.class))
			.containsExactlyInAnyOrderElementsOf(LINUX_UNMAINTAINED);
	}

	private static void assertSample(String scrape, String name, String who, String otherLabel) {
		assertThat(scrape.lines()
			.filter((line) -> line.startsWith(name + "{"))
			.filter((line) -> line.contains("who=\"" + who + "\""))
			.filter((line) -> otherLabel == null || line.contains(otherLabel)))
			.as("%s{who=%s%s} in /actuator/prometheus", name, who, (otherLabel != null) ? "," + otherLabel : "")
			.hasSize(1);
	}

	private static Number number(Map<String, Object> body, String key) {
		assertThat(body.get(key)).as(key).isInstanceOf(Number.class);
		return (Number) body.get(key);
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		return client().get(path, accept);
	}

	private CompatClient client() {
		return new CompatClient(this.port);
	}

}
