package dev.rusage.autoconfigure.observation;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import brave.handler.MutableSpan;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the key values the handler adds for a tracing handler, with Micrometer
 * Tracing's Brave bridge: the span of a request carries what it cost. Spring Boot
 * registers the tracing handlers before any handler of no group, and Micrometer calls
 * {@code onStop} in reverse order, so the key values are added before the span ends.
 */
@ObservedWebMvcTest
class ResourceUsageObservationTracingTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ObservedWebMvcApplication.SpanCollector spans;

	private ServerRequests requests;

	@BeforeEach
	void requests() {
		this.requests = new ServerRequests(this.port, this.registry);
	}

	@Test
	void theSpansOfRequestsCarryTheCpuTimeTheyBurned() throws Exception {
		List<MutableSpan> spans = spansOfRequests("/burn", 3);
		DistributionSummary cpu = this.requests.recorded("/burn", 3);
		assertThat(spans).allSatisfy((span) -> assertThat(span.tag("rusage.cpu.time")).matches("\\d+\\.\\d{6}"));
		double[] cpuTimes = spans.stream()
			.mapToDouble((span) -> Double.parseDouble(span.tag("rusage.cpu.time")))
			.toArray();
		assertThat(Arrays.stream(cpuTimes).average().orElseThrow()).isCloseTo(ServerRequests.BURNED,
				ServerRequests.ACCURACY);
		// the figures the spans carry are those the meters recorded
		assertThat(Arrays.stream(cpuTimes).sum()).isCloseTo(cpu.totalAmount(), within(1e-9));
		assertThat(Arrays.stream(cpuTimes).max().orElseThrow()).isEqualTo(cpu.max());
	}

	@Test
	void theSpanOfARequestCarriesTheCountersSwitchedOn() throws Exception {
		MutableSpan span = spansOfRequests("/sleep", 1).get(0);
		assertThat(Long.parseLong(span.tag("rusage.context.switches.voluntary"))).isPositive();
		assertThat(Long.parseLong(span.tag("rusage.context.switches.involuntary"))).isNotNegative();
		assertThat(Double.parseDouble(span.tag("rusage.cpu.time"))).isLessThan(0.010);
		assertThat(span.tags()).doesNotContainKeys("rusage.page.faults.minor", "rusage.block.operations.in");
	}

	@Test
	void theSpanOfAnObservedMethodCarriesItsOwnCpuTime() throws Exception {
		List<MutableSpan> requests = spansOfRequests("/observed", 3);
		List<MutableSpan> methods = awaitSpans("ObservedWork#burn", 3);
		assertThat(methods.stream()
			.mapToDouble((span) -> Double.parseDouble(span.tag("rusage.cpu.time")))
			.average()
			.orElseThrow()).isCloseTo(ServerRequests.BURNED, ServerRequests.ACCURACY);
		assertThat(methods).extracting(MutableSpan::parentId)
			.containsExactlyInAnyOrderElementsOf(requests.stream().map(MutableSpan::id).toList());
	}

	private List<MutableSpan> spansOfRequests(String path, int count) throws Exception {
		this.requests.warmUp(path);
		this.spans.spans.clear();
		for (int i = 0; i < count; i++) {
			assertThat(this.requests.get(path)).isEqualTo(200);
		}
		return awaitSpans("http get " + path, count);
	}

	private List<MutableSpan> awaitSpans(String name, int count) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.spans.stream().filter((span) -> name.equals(span.name())).toList(),
					(spans) -> spans.size() == count);
	}

}
