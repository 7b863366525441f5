package dev.rusage.autoconfigure.observation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the per-request meters of a Spring MVC application, over real HTTP: the CPU a
 * request burns on its thread, by the thread's CPU clock, is what its
 * {@code http.server.requests.cpu.time} says.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "rusage.observation.context-switches=true", "rusage.observation.page-faults=true" })
@EnabledOnOs(OS.LINUX)
class ResourceUsageObservationWebMvcTests {

	private static final long BURN_MILLIS = 100;

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@BeforeEach
	void warmUpAndClearMeters() throws Exception {
		// the first requests also initialize the dispatcher servlet and load classes
		this.registry.clear();
		for (int i = 0; i < 3; i++) {
			get("/burn");
			get("/sleep");
		}
		// an observation stops just after its response is sent
		recorded("/burn", 3);
		recorded("/sleep", 3);
		this.registry.clear();
	}

	@Test
	void burningEndpointShouldCostWhatItsThreadBurned() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/burn")).isEqualTo(200);
		}
		DistributionSummary cpu = recorded("/burn", 5);
		assertThat(cpu.mean()).isCloseTo(BURN_MILLIS / 1000.0, within(BURN_MILLIS * 0.05 / 1000.0 + 0.001));
		assertThat(cpu.getId().getBaseUnit()).isEqualTo("seconds");
		assertThat(cpu.getId().getTags()).extracting("key").contains("method", "uri", "status", "outcome", "exception");
	}

	@Test
	void sleepingEndpointShouldCostAlmostNoCpuAndSwitchVoluntarily() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/sleep")).isEqualTo(200);
		}
		DistributionSummary cpu = recorded("/sleep", 5);
		assertThat(cpu.max()).isLessThan(0.010);
		DistributionSummary voluntary = this.registry.get("http.server.requests.context.switches")
			.tag("uri", "/sleep")
			.tag("type", "voluntary")
			.summary();
		assertThat(voluntary.count()).isEqualTo(5);
		assertThat(voluntary.mean()).isGreaterThanOrEqualTo(1);
		assertThat(this.registry.get("http.server.requests.page.faults")
			.tag("uri", "/sleep")
			.tag("type", "minor")
			.summary()
			.count()).isEqualTo(5);
	}

	@Test
	void concurrentBurningAndSleepingRequestsShouldNotLeakIntoEachOther() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> responses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				responses.add(clients.submit(() -> get("/burn")));
				responses.add(clients.submit(() -> get("/sleep")));
			}
			for (Future<Integer> response : responses) {
				assertThat(response.get()).isEqualTo(200);
			}
		}
		finally {
			clients.shutdown();
		}
		DistributionSummary burn = recorded("/burn", 8);
		DistributionSummary sleep = recorded("/sleep", 8);
		assertThat(burn.mean()).isCloseTo(BURN_MILLIS / 1000.0, within(BURN_MILLIS * 0.05 / 1000.0 + 0.001));
		assertThat(sleep.max()).isLessThan(0.010);
	}

	private DistributionSummary recorded(String uri, long count) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.find("http.server.requests.cpu.time").tag("uri", uri).summaries(),
					(summaries) -> summaries.stream().mapToLong(DistributionSummary::count).sum() == count);
		return cpuTime(uri);
	}

	private DistributionSummary cpuTime(String uri) {
		return this.registry.get("http.server.requests.cpu.time").tag("uri", uri).summary();
	}

	private int get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BurnController.class)
	static class TestApplication {

	}

	@RestController
	static class BurnController {

		@GetMapping("/burn")
		String burn() {
			return "burned " + CpuBurner.burn(BURN_MILLIS) + " ns";
		}

		@GetMapping("/sleep")
		String sleep() throws InterruptedException {
			Thread.sleep(50);
			return "slept";
		}

	}

}
