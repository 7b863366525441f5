package dev.rusage.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import dev.rusage.ResourceUsageService;
import dev.rusage.actuate.ResourceUsageEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that, with Boot's default exposure, the service is there but the {@code rusage}
 * endpoint is not on the web.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResourceUsageEndpointDefaultExposureTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void endpointShouldNotBeOnTheWebByDefault() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> rusage = client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/rusage")).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> health = client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(rusage.statusCode()).isEqualTo(404);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(this.context.getBeanNamesForType(ResourceUsageEndpoint.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ResourceUsageService.class)).hasSize(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
