package dev.rusage.autoconfigure.observation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the per-request meters of Spring MVC's asynchronous request processing. A
 * request's observation has a scope on the thread of its first dispatch and on the thread
 * of its async dispatch; the work in between runs on another thread, which is counted
 * only if that thread opens the observation's scope too, as a task decorated with
 * {@link org.springframework.core.task.support.ContextPropagatingTaskDecorator} does.
 * Boot's {@code applicationTaskExecutor}, on which Spring MVC runs a {@code Callable},
 * has no such decorator unless the application defines one.
 */
@ObservedWebMvcTest
class ResourceUsageObservationAsyncWebMvcTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ObservedWebMvcApplication.WorkController controller;

	@Autowired
	private ObservationEventLog events;

	private ServerRequests requests;

	@BeforeEach
	void requests() {
		this.requests = new ServerRequests(this.port, this.registry);
	}

	@Test
	void aCallableOnBootsTaskExecutorIsNotCounted() throws Exception {
		DistributionSummary cpu = measure("/callable");
		assertThat(cpu.max()).isLessThan(0.010);
		assertThat(burner()).startsWith("task-");
		assertThat(scopesOpenedOnTheBurner()).isFalse();
	}

	@Test
	void aCallableOnAnExecutorThatPropagatesTheObservationIsCounted() throws Exception {
		DistributionSummary cpu = measure("/callable-propagated");
		assertThat(cpu.mean()).isCloseTo(ServerRequests.BURNED, ServerRequests.ACCURACY);
		assertThat(burner()).startsWith("propagating-");
		assertThat(scopesOpenedOnTheBurner()).isTrue();
	}

	@Test
	void aDeferredResultCompletedByAThreadThatNeverOpensTheScopeIsNotCounted() throws Exception {
		DistributionSummary cpu = measure("/deferred");
		assertThat(cpu.max()).isLessThan(0.010);
		assertThat(burner()).startsWith("plain-");
		assertThat(scopesOpenedOnTheBurner()).isFalse();
	}

	// the task sets the result inside the propagated scope, so the observation may stop
	// before that scope closes: it is then recorded when the scope closes
	@Test
	void aDeferredResultCompletedUnderThePropagatedScopeIsCounted() throws Exception {
		DistributionSummary cpu = measure("/deferred-propagated");
		assertThat(cpu.mean()).isCloseTo(ServerRequests.BURNED, ServerRequests.ACCURACY);
		assertThat(burner()).startsWith("propagating-");
		assertThat(scopesOpenedOnTheBurner()).isTrue();
	}

	// Spring MVC stops the observation of an async request that times out when it times
	// out (still 200), and again with the 503 the client gets
	@Test
	void aTimedOutDeferredResultIsRecordedOnceWithTheStatusTheClientSaw() throws Exception {
		this.requests.forget("/deferred-never");
		for (int i = 0; i < 3; i++) {
			assertThat(this.requests.get("/deferred-never")).isEqualTo(503);
		}
		DistributionSummary cpu = this.requests.recorded("/deferred-never", 3);
		assertThat(cpu.getId().getTag("status")).isEqualTo("503");
		assertThat(cpu.getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
		assertThat(cpu.mean()).isCloseTo(ServerRequests.BURNED, ServerRequests.ACCURACY);
		assertThat(this.registry.find(ServerRequests.REQUESTS + ".cpu.time").tag("status", "200").summaries())
			.noneMatch((summary) -> "/deferred-never".equals(summary.getId().getTag("uri")));
	}

	@Test
	void aFailedRequestCarriesTheTagsOfItsTimerErrorIncluded() throws Exception {
		this.requests.forget("/fail");
		assertThat(this.requests.get("/fail")).isEqualTo(500);
		DistributionSummary cpu = this.requests.recorded("/fail", 1);
		assertThat(cpu.getId().getTag("error")).isEqualTo("IllegalStateException");
		Timer timer = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.find(ServerRequests.REQUESTS).tag("uri", "/fail").timer(), Objects::nonNull);
		assertThat(cpu.getId().getTags()).containsExactlyInAnyOrderElementsOf(timer.getId().getTags());
	}

	private DistributionSummary measure(String path) throws Exception {
		this.requests.warmUp(path);
		this.events.drain();
		for (int i = 0; i < 3; i++) {
			assertThat(this.requests.get(path)).isEqualTo(200);
		}
		return this.requests.recorded(path, 3);
	}

	private String burner() {
		return this.controller.burner.get();
	}

	private boolean scopesOpenedOnTheBurner() {
		List<ObservationEventLog.Event> events = this.events.drain();
		assertThat(events).isNotEmpty();
		return events.stream().anyMatch((event) -> event.event().equals("open") && event.thread().equals(burner()));
	}

}
