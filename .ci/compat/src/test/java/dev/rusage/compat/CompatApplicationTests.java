package dev.rusage.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Starts the application on a random port, on whichever Spring Boot line this build
 * was given, and talks to it over real HTTP with the JDK client (the same on every
 * line). The starter jars are the ones the main build installed.
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

	private static final int BURN_MILLIS = 100;

	private static final int BURNS = 5;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ResourceUsageService resourceUsageService;

	@Test
	void rusageShouldAnswerSelfWithEveryKeyOfTheSpecInOrder() throws Exception {
		HttpResponse<String> response = get("/actuator/rusage", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith(ACTUATOR_V3_JSON));
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
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/json"));
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
		for (int i = 0; i < 2; i++) {
			// the first requests to /burn also load classes and run cold code
			assertThat(get("/burn?millis=" + BURN_MILLIS, "application/json").statusCode()).isEqualTo(200);
		}
		CpuTime before = burnCpuTime(2);
		long burnedNanos = 0;
		for (int i = 0; i < BURNS; i++) {
			HttpResponse<String> response = get("/burn?millis=" + BURN_MILLIS, "application/json");
			assertThat(response.statusCode()).isEqualTo(200);
			burnedNanos += number(JsonPath.read(response.body(), "$"), "cpuNanos").longValue();
		}
		CpuTime after = burnCpuTime(2 + BURNS);
		double mean = (after.sum() - before.sum()) / (after.count() - before.count());
		double burned = burnedNanos / 1e9 / BURNS;
		System.out.printf("compat: /burn http.server.requests.cpu.time mean %.6f s over %d requests;"
				+ " ThreadMXBean read %.6f s burned per request%n", mean, BURNS, burned);
		assertThat(after.count() - before.count()).isEqualTo(BURNS);
		// the request's own work is in the observation too, and getrusage reads a
		// running thread's time as of its last scheduler tick, on both ends
		assertThat(mean).isCloseTo(burned, within(0.05 * burned + 0.001));
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

	/**
	 * Returns the count and sum of {@code http.server.requests.cpu.time} for
	 * {@code /burn}, once the count has reached {@code count}: an observation stops after
	 * its response is written, so the last one may lag.
	 */
	private CpuTime burnCpuTime(int count) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			HttpResponse<String> response = get("/actuator/prometheus", null);
			assertThat(response.statusCode()).isEqualTo(200);
			String scrape = response.body();
			CpuTime cpuTime = new CpuTime(burnSample(scrape, "http_server_requests_cpu_time_seconds_count"),
					burnSample(scrape, "http_server_requests_cpu_time_seconds_sum"));
			if (cpuTime.count() >= count || System.nanoTime() > deadline) {
				return cpuTime;
			}
			Thread.sleep(50);
		}
	}

	private static double burnSample(String scrape, String name) {
		List<String> lines = scrape.lines()
			.filter((line) -> line.startsWith(name + "{") && line.contains("uri=\"/burn\""))
			.toList();
		if (lines.isEmpty()) {
			return 0;
		}
		assertThat(lines).as("%s{uri=/burn} in /actuator/prometheus", name)
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("method=\"GET\"", "status=\"200\""));
		String line = lines.get(0);
		return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

	private static Number number(Map<String, Object> body, String key) {
		assertThat(body.get(key)).as(key).isInstanceOf(Number.class);
		return (Number) body.get(key);
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private record CpuTime(double count, double sum) {
	}

}
