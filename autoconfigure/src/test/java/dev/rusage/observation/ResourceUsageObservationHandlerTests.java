package dev.rusage.observation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.ResourceUsageService;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.autoconfigure.observation.CpuBurner;
import dev.rusage.metrics.MeterConvention;
import dev.rusage.platform.CountingBinding;
import dev.rusage.platform.PlatformResourceUsageService;
import dev.rusage.platform.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link ResourceUsageObservationHandler} on a plain
 * {@link ObservationRegistry}, with the real kernel: the CPU burned under an
 * observation's scopes, by the burning thread's own clock, is what its
 * {@code <name>.cpu.time} says. A binding that fails on demand stands in for the faults
 * the kernel cannot be made to produce.
 */
@EnabledOnOs(OS.LINUX)
class ResourceUsageObservationHandlerTests {

	private static final int RUSAGE_THREAD = 1;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry observations = ObservationRegistry.create();

	// the first observation loads the classes of the handler, the service and the burner,
	// under its scope
	@BeforeAll
	static void loadClasses() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(ResourceUsageObservationHandler
				.builder(PlatformResourceUsageService.create(), new SimpleMeterRegistry())
				.counters(EnumSet.allOf(ObservedCounter.class))
				.build());
		Observation.createNotStarted("warm-up", observations).observe(() -> CpuBurner.burn(1));
	}

	@Test
	void nestedScopesOfAnObservationOnOneThreadAreReadAndCountedOnce() {
		CountingBinding binding = new CountingBinding();
		register(withCounters(TestServices.through(binding)));
		Observation observation = Observation.start("work", this.observations);
		long burned;
		try (Observation.Scope outer = observation.openScope()) {
			burned = CpuBurner.burn(50);
			try (Observation.Scope inner = observation.openScope()) {
				burned += CpuBurner.burn(50);
			}
		}
		observation.stop();
		assertThat(binding.calls(RUSAGE_THREAD)).isEqualTo(2);
		DistributionSummary cpu = cpuTime("work");
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
	}

	@Test
	void scopesOnTwoThreadsOpenAtOnceAreBothCounted() throws InterruptedException {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		CountDownLatch bothOpen = new CountDownLatch(2);
		AtomicLong burned = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (long millis : new long[] { 60, 40 }) {
			threads.add(new Thread(() -> {
				try (Observation.Scope scope = observation.openScope()) {
					bothOpen.countDown();
					await(bothOpen);
					burned.addAndGet(CpuBurner.burn(millis));
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		observation.stop();
		DistributionSummary cpu = cpuTime("work");
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned.get()), tolerance(burned.get()));
	}

	@Test
	void workOnAThreadBetweenTheScopesOfAnObservationIsNotCounted() {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		long burned;
		try (Observation.Scope scope = observation.openScope()) {
			burned = CpuBurner.burn(40);
		}
		long outside = CpuBurner.burn(60);
		try (Observation.Scope scope = observation.openScope()) {
			burned += CpuBurner.burn(40);
		}
		observation.stop();
		assertThat(outside).isGreaterThanOrEqualTo(60_000_000);
		assertThat(cpuTime("work").totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
	}

	@Test
	void stoppingInsideAScopeOpenOnTheSameThreadCountsThatScope() {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		Observation.Scope scope = observation.openScope();
		long burned = CpuBurner.burn(100);
		observation.stop();
		CpuBurner.burn(50);
		scope.close();
		DistributionSummary cpu = cpuTime("work");
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
		assertThat(this.meters.find(ResourceUsageObservationHandler.SKIPPED).counter()).isNull();
	}

	@Test
	void aResetScopeIsDroppedUnread() {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		Observation.Scope reset = observation.openScope();
		CpuBurner.burn(50);
		reset.reset();
		long burned;
		try (Observation.Scope scope = observation.openScope()) {
			burned = CpuBurner.burn(50);
		}
		observation.stop();
		DistributionSummary cpu = cpuTime("work");
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
	}

	@Test
	void anObservationWhoseOnlyScopeWasResetIsSkippedForHavingNoScope() {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		observation.openScope().reset();
		observation.stop();
		assertThat(this.meters.find("work.cpu.time").summary()).isNull();
		assertThat(skipped("work", ResourceUsageObservationHandler.REASON_NO_SCOPE).count()).isOne();
	}

	@Test
	void onlyTheNamedObservationsAreMeasured() {
		register(ResourceUsageObservationHandler.builder(PlatformResourceUsageService.create(), this.meters)
			.observations((context) -> "measured".equals(context.getName()))
			.build());
		Observation.createNotStarted("measured", this.observations).observe(() -> CpuBurner.burn(1));
		Observation.createNotStarted("other", this.observations).observe(() -> CpuBurner.burn(1));
		Observation.start("other", this.observations).stop();
		assertThat(cpuTime("measured").count()).isOne();
		assertThat(this.meters.find("other.cpu.time").summary()).isNull();
		assertThat(this.meters.find(ResourceUsageObservationHandler.SKIPPED).counter()).isNull();
	}

	@Test
	void nullNamesMeasureEveryObservation() {
		register(new ResourceUsageObservationHandler(PlatformResourceUsageService.create(), this.meters));
		Observation.createNotStarted("one", this.observations).observe(() -> CpuBurner.burn(1));
		Observation.createNotStarted("two", this.observations).observe(() -> CpuBurner.burn(1));
		assertThat(cpuTime("one").count()).isOne();
		assertThat(cpuTime("two").count()).isOne();
	}

	@Test
	void theMetersCarryTheLowCardinalityKeyValuesOnly() {
		registerHandler();
		Observation.createNotStarted("work", this.observations)
			.lowCardinalityKeyValue("outcome", "SUCCESS")
			.highCardinalityKeyValue("user", "alice")
			.observe(() -> CpuBurner.burn(1));
		DistributionSummary cpu = this.meters.get("work.cpu.time").tag("outcome", "SUCCESS").summary();
		assertThat(cpu.getId().getTags()).extracting("key").containsExactly("error", "outcome");
		assertThat(cpu.getId().getBaseUnit()).isEqualTo("seconds");
	}

	@Test
	void theCpuTimeIsAHighCardinalityKeyValueInPlainSecondsForTheTracingHandler() {
		registerHandler();
		Observation observation = Observation.createNotStarted("work", this.observations);
		observation.observe(() -> CpuBurner.burn(20));
		KeyValue cpu = observation.getContext()
			.getHighCardinalityKeyValue(ResourceUsageObservationHandler.CPU_TIME_KEY);
		assertThat(cpu).isNotNull();
		assertThat(cpu.getValue()).matches("\\d+\\.\\d{6}");
		assertThat(Double.parseDouble(cpu.getValue())).isEqualTo(cpuTime("work").totalAmount()).isPositive();
		assertThat(observation.getContext().getLowCardinalityKeyValue(ResourceUsageObservationHandler.CPU_TIME_KEY))
			.isNull();
	}

	@Test
	void countersAreOffByDefault() {
		registerHandler();
		Observation observation = Observation.createNotStarted("work", this.observations);
		observation.observe(this::sleepAndBurn);
		assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactly("work.cpu.time");
		assertThat(observation.getContext().getHighCardinalityKeyValues()).extracting(KeyValue::getKey)
			.containsExactly(ResourceUsageObservationHandler.CPU_TIME_KEY);
	}

	@Test
	void countersAskedForAreRecordedAndAddedAsKeyValues() {
		register(withCounters(PlatformResourceUsageService.create()));
		Observation observation = Observation.createNotStarted("work", this.observations);
		observation.observe(this::sleepAndBurn);
		Observation.Context context = observation.getContext();
		assertCounter(context, "page.faults", "type", "minor", "major");
		assertCounter(context, "context.switches", "type", "voluntary", "involuntary");
		assertCounter(context, "block.operations", "direction", "in", "out");
		// the observed code slept, so it gave up the CPU at least once
		assertThat(this.meters.get("work.context.switches").tag("type", "voluntary").summary().totalAmount())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("work.context.switches").summary().getId().getBaseUnit()).isEqualTo("switches");
		assertThat(this.meters.get("work.page.faults").summary().getId().getBaseUnit()).isEqualTo("faults");
		assertThat(this.meters.get("work.block.operations").summary().getId().getBaseUnit()).isEqualTo("operations");
	}

	@Test
	void anObservationWithoutScopeIsSkippedForHavingNoScope() {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		CpuBurner.burn(5);
		observation.stop();
		assertThat(this.meters.find("work.cpu.time").summary()).isNull();
		assertThat(skipped("work", ResourceUsageObservationHandler.REASON_NO_SCOPE).count()).isOne();
		assertThat(observation.getContext().getHighCardinalityKeyValue(ResourceUsageObservationHandler.CPU_TIME_KEY))
			.isNull();
	}

	@Test
	void aReadFailingWhenTheScopeOpensSkipsTheObservationWithoutFailingTheObservedCode() {
		FailingBinding binding = new FailingBinding();
		register(withCounters(TestServices.through(binding)));
		binding.failThreadReads(true);
		String result = Observation.createNotStarted("work", this.observations).observe(() -> "done");
		assertThat(result).isEqualTo("done");
		assertReadFailed();
	}

	@Test
	void aReadFailingWhenTheScopeClosesSkipsTheObservationWithoutFailingTheObservedCode() {
		FailingBinding binding = new FailingBinding();
		register(withCounters(TestServices.through(binding)));
		Observation observation = Observation.start("work", this.observations);
		try (Observation.Scope scope = observation.openScope()) {
			CpuBurner.burn(5);
			binding.failThreadReads(true);
		}
		observation.stop();
		assertThat(binding.threadCalls()).isOne();
		assertReadFailed();
	}

	@Test
	void aReadFailingWhenStoppingInsideAScopeSkipsTheObservation() {
		FailingBinding binding = new FailingBinding();
		register(withCounters(TestServices.through(binding)));
		Observation observation = Observation.start("work", this.observations);
		Observation.Scope scope = observation.openScope();
		binding.failThreadReads(true);
		observation.stop();
		scope.close();
		assertReadFailed();
	}

	@Test
	void anObservationOnAnUnavailablePlatformIsStillMeasuredByItsThreadsCpuClockWithoutCounters() {
		ResourceUsageService service = new UnavailableResourceUsageService("no native binding could be loaded");
		register(withCounters(service));
		Observation observation = Observation.createNotStarted("work", this.observations);
		long burned = observation.observe(() -> CpuBurner.burn(20));
		assertThat(cpuTime("work").totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
		assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactly("work.cpu.time");
		assertThat(this.meters.find(ResourceUsageObservationHandler.SKIPPED).counter()).isNull();
	}

	@Test
	void cpuTimeAloneMakesNoGetrusageCall() {
		CountingBinding binding = new CountingBinding();
		register(new ResourceUsageObservationHandler(TestServices.through(binding), this.meters));
		Observation.createNotStarted("work", this.observations).observe(() -> CpuBurner.burn(5));
		assertThat(cpuTime("work").count()).isOne();
		assertThat(binding.calls(RUSAGE_THREAD)).isZero();
	}

	@Test
	void theMetersCarryExactlyTheTagsOfTheObservationsTimerErrorIncluded() {
		this.observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		registerHandler();
		for (RuntimeException error : new RuntimeException[] { null, new IllegalStateException("failed") }) {
			Observation observation = Observation.createNotStarted("work", this.observations)
				.lowCardinalityKeyValue("outcome", (error != null) ? "SERVER_ERROR" : "SUCCESS")
				.highCardinalityKeyValue("user", "alice");
			observation.start();
			try (Observation.Scope scope = observation.openScope()) {
				CpuBurner.burn(1);
			}
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		}
		List<Tags> timerTags = this.meters.get("work")
			.timers()
			.stream()
			.map((t) -> Tags.of(t.getId().getTags()))
			.toList();
		List<Tags> cpuTags = this.meters.get("work.cpu.time")
			.summaries()
			.stream()
			.map((summary) -> Tags.of(summary.getId().getTags()))
			.toList();
		assertThat(cpuTags).hasSize(2).containsExactlyInAnyOrderElementsOf(timerTags);
		assertThat(this.meters.get("work.cpu.time").tag("error", "IllegalStateException").summary().count()).isOne();
		assertThat(this.meters.get("work.cpu.time").tag("error", "none").summary().count()).isOne();
	}

	@Test
	void theKeyValuesReachAHandlerThatHearsOfTheStopBeforeThisOne() {
		registerHandler();
		List<KeyValue> seenAtStop = new ArrayList<>();
		// Micrometer tells the handlers of a stop in the reverse order of their
		// registration: this one hears of it first, as a tracing group registered after
		// ours would
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				KeyValue cpu = context.getHighCardinalityKeyValue(ResourceUsageObservationHandler.CPU_TIME_KEY);
				if (cpu != null) {
					seenAtStop.add(cpu);
				}
			}

		});
		Observation.createNotStarted("work", this.observations).observe(() -> CpuBurner.burn(5));
		assertThat(seenAtStop).hasSize(1);
	}

	@Test
	void withoutTheFilterRoleTheObservationIsRecordedWhenTheHandlerHearsOfTheStop() {
		ResourceUsageObservationHandler handler = new ResourceUsageObservationHandler(
				PlatformResourceUsageService.create(), this.meters);
		this.observations.observationConfig().observationHandler(handler);
		long burned = Observation.createNotStarted("work", this.observations).observe(() -> CpuBurner.burn(20));
		assertThat(cpuTime("work").count()).isOne();
		assertThat(cpuTime("work").totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
	}

	@Test
	void withoutSpanAttributesNoKeyValueIsAdded() {
		register(ResourceUsageObservationHandler.builder(PlatformResourceUsageService.create(), this.meters)
			.counters(EnumSet.allOf(ObservedCounter.class))
			.spanAttributes(false)
			.build());
		Observation observation = Observation.createNotStarted("work", this.observations);
		observation.observe(() -> CpuBurner.burn(1));
		assertThat(cpuTime("work").count()).isOne();
		assertThat(observation.getContext().getHighCardinalityKeyValues()).isEmpty();
	}

	@Test
	void anObservationStoppedAgainIsRecordedOnceWithTheTagsOfTheStopThatIsNotFollowedByAnother() {
		register(ResourceUsageObservationHandler.builder(PlatformResourceUsageService.create(), this.meters)
			.stopsAgain((context) -> "200".equals(context.getLowCardinalityKeyValue("status").getValue()))
			.build());
		Observation observation = Observation.start("work", this.observations);
		long burned;
		try (Observation.Scope scope = observation.openScope()) {
			burned = CpuBurner.burn(20);
		}
		// as Spring MVC does when an async request times out: stopped while still 200,
		// then handled, and stopped again with the status the client gets, twice
		observation.lowCardinalityKeyValue("status", "200").stop();
		try (Observation.Scope scope = observation.openScope()) {
			burned += CpuBurner.burn(20);
		}
		observation.lowCardinalityKeyValue("status", "503").stop();
		observation.lowCardinalityKeyValue("status", "503").stop();
		DistributionSummary cpu = this.meters.get("work.cpu.time").tag("status", "503").summary();
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
		assertThat(this.meters.find("work.cpu.time").tag("status", "200").summary()).isNull();
	}

	@Test
	void underOpenTelemetryNamesTheMetersDropTheDurationOfTheObservationsName() {
		register(ResourceUsageObservationHandler.builder(PlatformResourceUsageService.create(), this.meters)
			.counters(EnumSet.allOf(ObservedCounter.class))
			.convention(MeterConvention.OPEN_TELEMETRY)
			.build());
		Observation.createNotStarted("http.server.request.duration", this.observations)
			.lowCardinalityKeyValue("http.request.method", "GET")
			.observe(this::sleepAndBurn);
		assertThat(this.meters.get("http.server.request.cpu.time").tag("http.request.method", "GET").summary().count())
			.isOne();
		assertThat(this.meters.get("http.server.request.paging.faults")
			.tag("system.paging.fault.type", "minor")
			.summary()
			.count()).isOne();
		assertThat(this.meters.get("http.server.request.context_switches")
			.tag("process.context_switch.type", "voluntary")
			.summary()
			.totalAmount()).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("http.server.request.disk.operations")
			.tag("disk.io.direction", "write")
			.summary()
			.count()).isOne();
	}

	@Test
	void aMeterRemovedFromTheRegistryIsRegisteredAgain() {
		registerHandler();
		Observation.createNotStarted("work", this.observations).observe(() -> CpuBurner.burn(1));
		this.meters.remove(cpuTime("work"));
		Observation.createNotStarted("work", this.observations).observe(() -> CpuBurner.burn(1));
		assertThat(cpuTime("work").count()).isOne();
	}

	@Test
	void secondsAreWrittenWithMicrosecondPrecision() {
		assertThat(ResourceUsageObservationHandler.seconds(0)).isEqualTo("0.000000");
		assertThat(ResourceUsageObservationHandler.seconds(1_234_567)).isEqualTo("1.234567");
		assertThat(ResourceUsageObservationHandler.seconds(103_000)).isEqualTo("0.103000");
		assertThat(ResourceUsageObservationHandler.seconds(12)).isEqualTo("0.000012");
	}

	@Test
	void anObservationStoppedWhileItsScopeIsOpenOnAnotherThreadIsRecordedWhenThatScopeCloses()
			throws InterruptedException {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		CountDownLatch opened = new CountDownLatch(1);
		CountDownLatch stopped = new CountDownLatch(1);
		AtomicLong burned = new AtomicLong();
		Thread other = new Thread(() -> {
			try (Observation.Scope scope = observation.openScope()) {
				burned.addAndGet(CpuBurner.burn(30));
				opened.countDown();
				await(stopped);
				burned.addAndGet(CpuBurner.burn(30));
			}
		});
		other.start();
		await(opened);
		observation.stop();
		assertThat(this.meters.find("work.cpu.time").summary()).isNull();
		stopped.countDown();
		other.join();
		DistributionSummary cpu = cpuTime("work");
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned.get()), tolerance(burned.get()));
		assertThat(this.meters.find(ResourceUsageObservationHandler.SKIPPED).counter()).isNull();
	}

	// what Reactor does when a request completes on a scheduler thread: the event loop
	// leaves the scopes it subscribed in only after the scheduler thread stopped the
	// observation inside a scope of its own
	@Test
	void anObservationStoppedInsideAScopeWhileNestedScopesAreOpenElsewhereCountsEveryScopeOnce()
			throws InterruptedException {
		CountingBinding binding = new CountingBinding();
		register(withCounters(TestServices.through(binding)));
		Observation observation = Observation.start("work", this.observations);
		CountDownLatch stopped = new CountDownLatch(1);
		AtomicLong burned = new AtomicLong();
		Observation.Scope outer = observation.openScope();
		Observation.Scope nested = observation.openScope();
		burned.addAndGet(CpuBurner.burn(20));
		Thread scheduler = new Thread(() -> {
			try (Observation.Scope scope = observation.openScope()) {
				burned.addAndGet(CpuBurner.burn(20));
				observation.stop();
				CpuBurner.burn(20);
			}
			stopped.countDown();
		});
		scheduler.start();
		await(stopped);
		assertThat(this.meters.find("work.cpu.time").summary()).isNull();
		// nested in the scope still open here, a scope opened after the stop only deepens
		// it: it has no reading of its own, and its work is in the outer scope's
		try (Observation.Scope late = observation.openScope()) {
			burned.addAndGet(CpuBurner.burn(10));
		}
		nested.close();
		burned.addAndGet(CpuBurner.burn(20));
		assertThat(this.meters.find("work.cpu.time").summary()).isNull();
		outer.close();
		scheduler.join();
		DistributionSummary cpu = cpuTime("work");
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned.get()), tolerance(burned.get()));
		assertThat(binding.calls(RUSAGE_THREAD)).isEqualTo(4);
		Thread after = new Thread(() -> {
			try (Observation.Scope scope = observation.openScope()) {
				CpuBurner.burn(10);
			}
		});
		after.start();
		after.join();
		assertThat(cpuTime("work").count()).isOne();
		assertThat(binding.calls(RUSAGE_THREAD)).isEqualTo(4);
		assertThat(this.meters.find(ResourceUsageObservationHandler.SKIPPED).counter()).isNull();
	}

	@Test
	void aReadFailingWhenAScopeOpenAtStopClosesSkipsTheObservation() throws InterruptedException {
		FailingBinding binding = new FailingBinding();
		register(withCounters(TestServices.through(binding)));
		Observation observation = Observation.start("work", this.observations);
		CountDownLatch opened = new CountDownLatch(1);
		CountDownLatch stopped = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread other = new Thread(() -> {
			try (Observation.Scope scope = observation.openScope()) {
				opened.countDown();
				await(stopped);
				binding.failThreadReads(true);
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		other.start();
		await(opened);
		observation.stop();
		stopped.countDown();
		other.join();
		assertThat(failure.get()).isNull();
		assertReadFailed();
	}

	@Test
	void aScopeOpenAtStopThatIsResetIsDroppedAndTheRestRecorded() throws InterruptedException {
		registerHandler();
		Observation observation = Observation.start("work", this.observations);
		long burned;
		try (Observation.Scope scope = observation.openScope()) {
			burned = CpuBurner.burn(30);
		}
		Observation.Scope open = observation.openScope();
		CpuBurner.burn(30);
		Thread stopper = new Thread(observation::stop);
		stopper.start();
		stopper.join();
		assertThat(this.meters.find("work.cpu.time").summary()).isNull();
		open.reset();
		DistributionSummary cpu = cpuTime("work");
		assertThat(cpu.count()).isOne();
		assertThat(cpu.totalAmount()).isCloseTo(seconds(burned), tolerance(burned));
	}

	private void assertReadFailed() {
		assertThat(this.meters.find("work.cpu.time").summary()).isNull();
		assertThat(skipped("work", ResourceUsageObservationHandler.REASON_READ_FAILED).count()).isOne();
		assertThat(this.meters.get(ResourceUsageObservationHandler.SKIPPED).counters()).hasSize(1);
	}

	private void assertCounter(Observation.Context context, String suffix, String tagKey, String first, String second) {
		for (String tagValue : new String[] { first, second }) {
			DistributionSummary summary = this.meters.get("work." + suffix).tag(tagKey, tagValue).summary();
			assertThat(summary.count()).isOne();
			KeyValue keyValue = context.getHighCardinalityKeyValue("rusage." + suffix + "." + tagValue);
			assertThat(keyValue).isNotNull();
			assertThat(Long.parseLong(keyValue.getValue())).isEqualTo((long) summary.totalAmount())
				.isGreaterThanOrEqualTo(0);
		}
	}

	private Object sleepAndBurn() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return CpuBurner.burn(5);
	}

	private void registerHandler() {
		register(new ResourceUsageObservationHandler(PlatformResourceUsageService.create(), this.meters));
	}

	private ResourceUsageObservationHandler withCounters(ResourceUsageService service) {
		return ResourceUsageObservationHandler.builder(service, this.meters)
			.counters(EnumSet.allOf(ObservedCounter.class))
			.build();
	}

	private void register(ResourceUsageObservationHandler handler) {
		this.observations.observationConfig().observationHandler(handler).observationFilter(handler);
	}

	private DistributionSummary cpuTime(String name) {
		return this.meters.get(name + ".cpu.time").summary();
	}

	private Counter skipped(String name, String reason) {
		return this.meters.get(ResourceUsageObservationHandler.SKIPPED)
			.tag("observation", name)
			.tag("reason", reason)
			.counter();
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	// the accuracy the feature promises: 5% of the CPU burned, and 1 ms
	private static Offset<Double> tolerance(long nanos) {
		return within(seconds(nanos) * 0.05 + 0.001);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
