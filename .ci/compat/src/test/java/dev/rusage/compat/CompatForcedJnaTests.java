package dev.rusage.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application with {@code rusage.binding=jna}: JNA on every Java, the ffm binding of
 * Java 22+ left unused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "rusage.binding=jna")
@EnabledOnOs(OS.LINUX)
class CompatForcedJnaTests {

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ResourceUsageService resourceUsageService;

	@Test
	void serviceShouldReadThroughJnaWhenForced() throws Exception {
		assertThat(this.resourceUsageService.binding()).isEqualTo("jna");
		assertThat(this.resourceUsageService.getrusage(Who.THREAD).userTimeMicros()).isNotNegative();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/rusage"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("{\"who\":\"self\",");
	}

}
