package dev.rusage.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
	void actuatorShouldExposeRusageHealthAndInfo() throws Exception {
		HttpResponse<String> rusage = get("/actuator/rusage/thread");
		assertThat(rusage.statusCode()).isEqualTo(200);
		assertThat(rusage.body()).startsWith("{\"who\":\"thread\",\"ru_utime\":");
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
