package dev.rusage.autoconfigure.observation;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for the meters of a {@code @Scheduled} task ({@code tasks.scheduled.execution})
 * and of an {@code @Observed} method called inside a request: each is measured as its own
 * observation, and the method's CPU is also in its request's figure, as its time is in
 * the request's timer.
 */
@ObservedWebMvcTest
class ResourceUsageObservationScheduledAndObservedTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ObservedWebMvcApplication.ScheduledWork scheduledWork;

	private ServerRequests requests;

	@BeforeEach
	void requests() {
		this.requests = new ServerRequests(this.port, this.registry);
	}

	@Test
	void aScheduledTaskCostsWhatItBurned() {
		// the task runs once, when the application has started
		DistributionSummary cpu = this.requests.recorded("tasks.scheduled.execution", "code.function", "burnOnce", 1);
		double burned = this.scheduledWork.burned.get() / 1e9;
		assertThat(burned).isGreaterThanOrEqualTo(ServerRequests.BURNED);
		assertThat(cpu.totalAmount()).isCloseTo(burned, within(burned * 0.05 + 0.001));
		assertThat(cpu.getId().getTags()).extracting("key")
			.contains("code.function", "code.namespace", "outcome", "exception");
		assertThat(this.scheduledWork.thread.get()).startsWith("scheduling-");
	}

	@Test
	void anObservedMethodCostsWhatItBurnedAndSoDoesTheRequestThatCalledIt() throws Exception {
		this.requests.warmUp("/observed");
		forgetObservedWork();
		for (int i = 0; i < 3; i++) {
			assertThat(this.requests.get("/observed")).isEqualTo(200);
		}
		DistributionSummary request = this.requests.recorded("/observed", 3);
		DistributionSummary method = this.requests.recorded(ObservedWebMvcApplication.OBSERVED_WORK, "method", "burn",
				3);
		assertThat(method.mean()).isCloseTo(ServerRequests.BURNED, ServerRequests.ACCURACY);
		assertThat(method.getId().getTags()).extracting("key").contains("class", "method");
		assertThat(request.mean()).isCloseTo(ServerRequests.BURNED, ServerRequests.ACCURACY);
		// the method's scopes lie inside the request's, on the same thread
		assertThat(request.totalAmount()).isGreaterThanOrEqualTo(method.totalAmount());
	}

	private void forgetObservedWork() {
		this.registry.find(ObservedWebMvcApplication.OBSERVED_WORK + ".cpu.time")
			.meters()
			.forEach(this.registry::remove);
		this.registry.find(ObservedWebMvcApplication.OBSERVED_WORK + ".context.switches")
			.meters()
			.forEach(this.registry::remove);
	}

}
