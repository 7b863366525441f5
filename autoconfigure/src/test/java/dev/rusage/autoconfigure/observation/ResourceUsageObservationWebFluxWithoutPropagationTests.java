package dev.rusage.autoconfigure.observation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.rusage.observation.ResourceUsageObservationHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for a WebFlux application that leaves {@code spring.reactor.context-propagation}
 * at Boot's default: Reactor opens no scope of the request's observation, so no thread
 * can be said to have run under it. No request is measured, each is counted as skipped
 * for having no scope, and the log says once what to set.
 */
@SpringBootTest(classes = ResourceUsageObservationWebFluxTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration" })
@EnabledOnOs(OS.LINUX)
@ExtendWith(OutputCaptureExtension.class)
class ResourceUsageObservationWebFluxWithoutPropagationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void requestsAreCountedAsSkippedForHavingNoScopeAndTheFixIsLoggedOnce(CapturedOutput output) throws Exception {
		for (int i = 0; i < 3; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/event-loop"))
				.build();
			assertThat(this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		}
		Counter skipped = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.find(ResourceUsageObservationHandler.SKIPPED)
				.tag("observation", "http.server.requests")
				.tag("reason", ResourceUsageObservationHandler.REASON_NO_SCOPE)
				.counter(), (counter) -> counter != null && counter.count() >= 3);
		assertThat(skipped.count()).isEqualTo(3);
		assertThat(this.registry.find("http.server.requests.cpu.time").summary()).isNull();
		assertThat(output).containsOnlyOnce("Observation 'http.server.requests' is not measured (no-scope)")
			.contains("spring.reactor.context-propagation=auto");
	}

}
