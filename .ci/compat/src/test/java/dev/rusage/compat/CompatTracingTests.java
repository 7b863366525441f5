package dev.rusage.compat;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The application with Micrometer Tracing's Brave bridge, every request sampled: the span
 * of a request carries the CPU time it burned. The tag reaches the span only if the
 * rusage handler stops the observation before the tracing handler ends the span, an order
 * each Boot line decides anew.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.test.observability.auto-configure=true", "management.tracing.sampling.probability=1.0" })
@EnabledOnOs(OS.LINUX)
class CompatTracingTests {

	private static final int SPANS = 3;

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private SpanCollector spans;

	@Test
	void serverSpanOfEachRequestShouldCarryTheCpuTimeItsThreadBurned() throws Exception {
		CompatClient client = new CompatClient(this.port);
		for (int i = 0; i < 2; i++) {
			// the first requests to /burn also load classes and run cold code
			client.burn();
		}
		awaitBurnSpans(2);
		this.spans.spans.clear();
		long burnedNanos = 0;
		for (int i = 0; i < SPANS; i++) {
			burnedNanos += client.burn();
		}
		List<MutableSpan> spans = awaitBurnSpans(SPANS);
		spans.forEach((span) -> System.out.printf("compat-series [tracing] span '%s' kind %s rusage.cpu.time=%s%n",
				span.name(), span.kind(), span.tag("rusage.cpu.time")));
		assertThat(spans).as("server spans of /burn").hasSize(SPANS);
		assertThat(spans).allSatisfy((span) -> assertThat(span.tag("rusage.cpu.time"))
			.as("tag rusage.cpu.time of span '%s', whose tags are %s", span.name(), span.tags())
			.isNotNull()
			.matches("\\d+\\.\\d{6}"));
		double mean = spans.stream().mapToDouble((span) -> Double.parseDouble(span.tag("rusage.cpu.time"))).sum()
				/ SPANS;
		double burned = burnedNanos / 1e9 / SPANS;
		assertThat(mean).as("mean rusage.cpu.time of the spans of /burn")
			.isCloseTo(burned, within(0.05 * burned + 0.001));
	}

	/**
	 * Returns the server spans of {@code /burn} once there are {@code count} of them, or
	 * after 10 seconds: a span ends after its response is written.
	 */
	private List<MutableSpan> awaitBurnSpans(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			List<MutableSpan> burns = this.spans.spans.stream()
				.filter((span) -> span.kind() == Kind.SERVER && "/burn".equals(span.tag("uri")))
				.toList();
			if (burns.size() >= count || System.nanoTime() > deadline) {
				return burns;
			}
			Thread.sleep(50);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Spans {

		@Bean
		SpanCollector spanCollector() {
			return new SpanCollector();
		}

	}

	/**
	 * Collects the spans Brave finishes.
	 */
	static final class SpanCollector extends SpanHandler {

		final Queue<MutableSpan> spans = new ConcurrentLinkedQueue<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.spans.add(span);
			return true;
		}

	}

}
