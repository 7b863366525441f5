package dev.rusage.autoconfigure.observation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.rusage.observation.ResourceUsageObservationHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the per-request meters of a WebFlux application on Reactor Netty, over real
 * HTTP. Spring puts the request's observation in the Reactor context and opens no scope
 * itself; with {@code spring.reactor.context-propagation=auto} Reactor opens one on each
 * thread that runs the chain (the event loop, then a scheduler thread after a hop) and
 * closes it when that thread leaves. So the CPU a request burns, on whichever thread, is
 * counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.main.web-application-type=reactive",
		"spring.reactor.context-propagation=auto",
		// Tomcat is on the class path too, for the servlet tests
		"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration" })
@EnabledOnOs(OS.LINUX)
class ResourceUsageObservationWebFluxTests {

	private static final long BURN_MILLIS = 100;

	private static final String CPU_TIME = "http.server.requests.cpu.time";

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ObservationEventLog events;

	@Autowired
	private ReactiveBurnController controller;

	@Test
	void runsOnReactorNetty(@Autowired ReactiveWebServerApplicationContext context) {
		assertThat(context.getWebServer()).isInstanceOf(NettyWebServer.class);
	}

	@ParameterizedTest
	@CsvSource({ "/event-loop, webflux-http-", "/from-callable, webflux-http-", "/subscribe-on, boundedElastic-",
			"/publish-on, boundedElastic-", "/delay, parallel-" })
	void aRequestCostsWhatItBurnedOnTheThreadThatRanItsChain(String uri, String burningThread) throws Exception {
		warmUp(uri);
		for (int i = 0; i < 3; i++) {
			assertThat(get(uri)).isEqualTo(200);
		}
		DistributionSummary cpu = recorded(uri, 3);
		assertThat(cpu.mean()).isCloseTo(BURN_MILLIS / 1000.0, within(BURN_MILLIS * 0.05 / 1000.0 + 0.001));
		// counted because Reactor opened the observation's scope on the burning thread
		String burner = this.controller.burner.get();
		assertThat(burner).startsWith(burningThread);
		assertThat(this.events.drain()).anySatisfy((event) -> {
			assertThat(event.event()).isEqualTo("open");
			assertThat(event.thread()).isEqualTo(burner);
		});
	}

	// such a request stops on the scheduler thread before the event loop leaves the
	// scope it subscribed in: it is recorded when that scope closes, never skipped
	@ParameterizedTest
	@ValueSource(strings = { "/fast-subscribe-on", "/fast-publish-on" })
	void fastRequestsThatHopThreadsAreAllMeasured(String uri) {
		List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			responses.add(this.client.sendAsync(request(uri), HttpResponse.BodyHandlers.discarding()));
		}
		assertThat(responses).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
		await().atMost(Duration.ofSeconds(10)).until(() -> measured(uri) + skipped() >= 100);
		assertThat(this.registry.find(ResourceUsageObservationHandler.SKIPPED).counters())
			.extracting((counter) -> counter.getId().getTag("reason") + "=" + counter.count())
			.isEmpty();
		assertThat(measured(uri)).isEqualTo(100);
	}

	private long measured(String uri) {
		return this.registry.find(CPU_TIME)
			.tag("uri", uri)
			.summaries()
			.stream()
			.mapToLong(DistributionSummary::count)
			.sum();
	}

	private long skipped() {
		return (long) this.registry.find(ResourceUsageObservationHandler.SKIPPED)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private void warmUp(String uri) throws Exception {
		// the first requests also load classes and warm up the codecs
		for (int i = 0; i < 3; i++) {
			get(uri);
		}
		recorded(uri, 3);
		this.registry.find(CPU_TIME).tag("uri", uri).meters().forEach(this.registry::remove);
		this.events.drain();
	}

	private DistributionSummary recorded(String uri, long count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> measured(uri) == count);
		return this.registry.get(CPU_TIME).tag("uri", uri).summary();
	}

	private int get(String path) throws Exception {
		return this.client.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ReactiveBurnController.class)
	static class TestApplication {

		@Bean
		ObservationEventLog observationEventLog() {
			return new ObservationEventLog("http.server.requests");
		}

	}

	@RestController
	static class ReactiveBurnController {

		final AtomicReference<String> burner = new AtomicReference<>();

		@GetMapping("/event-loop")
		String eventLoop() {
			return burn();
		}

		@GetMapping("/from-callable")
		Mono<String> fromCallable() {
			return Mono.fromCallable(this::burn);
		}

		@GetMapping("/subscribe-on")
		Mono<String> subscribeOn() {
			return Mono.fromCallable(this::burn).subscribeOn(Schedulers.boundedElastic());
		}

		@GetMapping("/publish-on")
		Mono<String> publishOn() {
			return Mono.just("burned").publishOn(Schedulers.boundedElastic()).map((prefix) -> burn());
		}

		@GetMapping("/delay")
		Mono<String> delay() {
			return Mono.delay(Duration.ofMillis(10)).map((tick) -> burn());
		}

		@GetMapping("/fast-subscribe-on")
		Mono<String> fastSubscribeOn() {
			return Mono.fromCallable(() -> "fast").subscribeOn(Schedulers.boundedElastic());
		}

		@GetMapping("/fast-publish-on")
		Mono<String> fastPublishOn() {
			return Mono.just("fast").publishOn(Schedulers.boundedElastic()).map((body) -> body + "!");
		}

		private String burn() {
			this.burner.set(Thread.currentThread().getName());
			return "burned " + CpuBurner.burn(BURN_MILLIS) + " ns";
		}

	}

}
