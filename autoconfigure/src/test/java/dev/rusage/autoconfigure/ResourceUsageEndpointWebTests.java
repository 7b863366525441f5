package dev.rusage.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.rusage.platform.Getconf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code rusage} endpoint over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=rusage")
@EnabledOnOs(OS.LINUX)
class ResourceUsageEndpointWebTests {

	private static final List<String> KEYS = List.of("who", "ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss",
			"ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv",
			"ru_nsignals", "ru_nvcsw", "ru_nivcsw", "maxrss_bytes", "pagesize", "unmaintained");

	private static final String ACTUATOR_JSON = "application/vnd.spring-boot.actuator.v3+json";

	private final HttpClient client = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void getRootShouldReturnUsageOfSelfWithEveryKeyInOrder() throws Exception {
		HttpResponse<String> response = get("/actuator/rusage", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith(ACTUATOR_JSON));
		JsonNode body = this.json.readTree(response.body());
		assertThat(fieldNames(body)).containsExactlyElementsOf(KEYS);
		assertThat(body.get("who").asString()).isEqualTo("self");
		assertThat(body.get("ru_utime").isNumber()).isTrue();
		assertThat(body.get("ru_utime").asDouble()).isPositive();
		assertThat(body.get("maxrss_bytes").asLong()).isEqualTo(body.get("ru_maxrss").asLong() * 1024);
		assertThat(body.get("pagesize").asInt()).isEqualTo(Integer.parseInt(Getconf.get("PAGESIZE")));
		assertThat(body.get("unmaintained").valueStream().map(JsonNode::asString)).containsExactly("ru_ixrss",
				"ru_idrss", "ru_isrss", "ru_nswap", "ru_msgsnd", "ru_msgrcv", "ru_nsignals");
	}

	@Test
	void getRootShouldAgreeWithProcSelfStat() throws Exception {
		long[] before = procSelfStatFaultsAndTicks();
		JsonNode body = this.json.readTree(get("/actuator/rusage", null).body());
		long[] after = procSelfStatFaultsAndTicks();
		assertThat(body.get("ru_minflt").asLong()).isBetween(before[0], after[0]);
		assertThat(body.get("ru_majflt").asLong()).isBetween(before[1], after[1]);
		// /proc counts CPU in clock ticks (CLK_TCK), getrusage in microseconds: allow one
		// tick
		double tick = 1.0 / Getconf.clockTicksPerSecond();
		assertThat(body.get("ru_utime").asDouble()).isBetween(before[2] * tick - tick, after[2] * tick + tick);
		assertThat(body.get("ru_stime").asDouble()).isBetween(before[3] * tick - tick, after[3] * tick + tick);
	}

	@ParameterizedTest
	@ValueSource(strings = { "self", "children", "thread", "both", "SELF", "Children", "tHrEaD" })
	void getWhoShouldReturnItsUsageIgnoringCase(String who) throws Exception {
		HttpResponse<String> response = get("/actuator/rusage/" + who, null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(fieldNames(body)).containsExactlyElementsOf(KEYS);
		assertThat(body.get("who").asString()).isEqualTo(who.toLowerCase());
	}

	@Test
	void getThreadShouldReportTheServingThreadNotTheProcess() throws Exception {
		JsonNode self = this.json.readTree(get("/actuator/rusage/self", null).body());
		JsonNode thread = this.json.readTree(get("/actuator/rusage/thread", null).body());
		assertThat(thread.get("ru_utime").asDouble()).isLessThan(self.get("ru_utime").asDouble());
		assertThat(thread.get("ru_minflt").asLong()).isLessThan(self.get("ru_minflt").asLong());
	}

	@Test
	void getBothShouldBeSelfPlusChildrenFieldByFieldWithTheLargerPeak() throws Exception {
		// a child JVM, waited for, makes every counter of children far from zero: tens of
		// thousands of minor faults, more than this process makes while serving a request
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-version")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(child.waitFor()).isZero();
		JsonNode children = this.json.readTree(get("/actuator/rusage/children", null).body());
		assertThat(children.get("ru_minflt").asLong()).isGreaterThan(1000);
		JsonNode selfBefore = this.json.readTree(get("/actuator/rusage/self", null).body());
		JsonNode both = this.json.readTree(get("/actuator/rusage/both", null).body());
		JsonNode selfAfter = this.json.readTree(get("/actuator/rusage/self", null).body());
		assertThat(both.get("who").asString()).isEqualTo("both");
		for (String field : List.of("ru_minflt", "ru_majflt", "ru_inblock", "ru_oublock", "ru_nvcsw", "ru_nivcsw")) {
			assertThat(both.get(field).asLong()).as(field)
				.isBetween(selfBefore.get(field).asLong() + children.get(field).asLong(),
						selfAfter.get(field).asLong() + children.get(field).asLong());
		}
		for (String field : List.of("ru_utime", "ru_stime")) {
			assertThat(both.get(field).asDouble()).as(field)
				.isBetween(selfBefore.get(field).asDouble() + children.get(field).asDouble() - 1e-6,
						selfAfter.get(field).asDouble() + children.get(field).asDouble() + 1e-6);
		}
		assertThat(both.get("ru_maxrss").asLong()).isBetween(
				Math.max(selfBefore.get("ru_maxrss").asLong(), children.get("ru_maxrss").asLong()),
				Math.max(selfAfter.get("ru_maxrss").asLong(), children.get("ru_maxrss").asLong()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "bogus", "0", "-2", "selff", "%20self" })
	void getUnknownWhoShouldBeBadRequestNamingValidValues(String who) throws Exception {
		HttpResponse<String> response = get("/actuator/rusage/" + who, null);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.get("status").asInt()).isEqualTo(400);
		assertThat(body.get("message").asString()).contains("self, children, thread, both");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	@Test
	void getWithAcceptJsonShouldAnswerApplicationJson() throws Exception {
		HttpResponse<String> response = get("/actuator/rusage/self", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(fieldNames(this.json.readTree(response.body()))).containsExactlyElementsOf(KEYS);
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	/**
	 * Returns minflt, majflt, utime and stime (ticks) from /proc/self/stat.
	 */
	private static long[] procSelfStatFaultsAndTicks() throws IOException {
		String stat = Files.readString(Path.of("/proc/self/stat"));
		// fields after the command name, which is in parentheses and may hold spaces
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// proc(5): field 10 minflt, 12 majflt, 14 utime, 15 stime; fields[0] is field 3
		return new long[] { Long.parseLong(fields[7]), Long.parseLong(fields[9]), Long.parseLong(fields[11]),
				Long.parseLong(fields[12]) };
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
