package dev.rusage.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample on a random port and talks to it over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EnabledOnOs(OS.LINUX)
class SampleApplicationTests {

	private static final int PINGS = 3;

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void digestShouldReportWhatTheRequestCost() throws Exception {
		HttpResponse<String> response = get("/digest?text=abc&rounds=200000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"rounds\":200000")
			.containsPattern("\"userCpuMicros\":[1-9][0-9]*")
			.contains("\"minorPageFaults\":", "\"voluntaryContextSwitches\":", "\"involuntaryContextSwitches\":");
	}

	@Test
	void digestWithRoundsOutOfRangeShouldBeBadRequest() throws Exception {
		assertThat(get("/digest?rounds=0").statusCode()).isEqualTo(400);
	}

	@Test
	void pingShouldShowItsCpuTimeInTheMetricsEndpointWithNoCodeOfItsOwn() throws Exception {
		for (int i = 0; i < PINGS; i++) {
			HttpResponse<String> ping = get("/ping");
			assertThat(ping.statusCode()).isEqualTo(200);
			assertThat(ping.body()).isEqualTo("pong");
		}
		String path = "/actuator/metrics/http.server.requests.cpu.time?tag=uri:/ping";
		HttpResponse<String> metric = get(path);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		// an observation stops after its response is written: the last one may lag
		while (measurement(metric, "COUNT") < PINGS && System.nanoTime() < deadline) {
			Thread.sleep(50);
			metric = get(path);
		}
		System.out.println("SampleApplicationTests " + path + ": " + metric.body());
		assertThat(metric.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(metric.body(), "$.baseUnit")).isEqualTo("seconds");
		assertThat(measurement(metric, "COUNT")).isEqualTo(PINGS);
		assertThat(measurement(metric, "TOTAL")).isPositive();
		assertThat(JsonPath.<List<String>>read(metric.body(), "$.availableTags[*].tag")).contains("method", "status",
				"outcome", "exception");
	}

	@Test
	void actuatorShouldExposeRusageHealthAndInfo() throws Exception {
		HttpResponse<String> rusage = get("/actuator/rusage/thread");
		assertThat(rusage.statusCode()).isEqualTo(200);
		assertThat(rusage.body()).startsWith("{\"who\":\"thread\",\"ru_utime\":");
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		HttpResponse<String> info = get("/actuator/info");
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).containsPattern("\"rusage\":\\{\"available\":true,\"binding\":\"(ffm|jna)\"}");
	}

	private static double measurement(HttpResponse<String> metric, String statistic) {
		if (metric.statusCode() == 404) {
			return 0;
		}
		List<Number> values = JsonPath.read(metric.body(),
				"$.measurements[?(@.statistic == '" + statistic + "')].value");
		assertThat(values).as(statistic).hasSize(1);
		return values.get(0).doubleValue();
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
