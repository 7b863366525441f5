package dev.rusage.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.GetrusageFailedException;
import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageException;
import dev.rusage.ResourceUsageMeasurement;
import dev.rusage.ResourceUsageService;
import dev.rusage.ResourceUsageUnavailableException;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.UnmeasurableThreadException;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link ResourceUsageService#measure(Runnable) measuring} a block with the
 * real {@link PlatformResourceUsageService}.
 */
@EnabledOnOs(OS.LINUX)
class PlatformResourceUsageServiceMeasureTests {

	// kernel CPU accounting is exact to the tick at worst (CONFIG_HZ >= 100)
	private static final long CPU_SLACK_NANOS = Duration.ofMillis(10).toNanos();

	private static final Duration BURN = Duration.ofMillis(200);

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	@Test
	void measureCountsCpuBurnedInsideTheBlock() {
		long before = threadCpuNanos();
		ResourceUsageMeasurement<Long> measurement = this.service.measure(() -> burnCpu(BURN));
		long after = threadCpuNanos();
		long burned = measurement.result();
		assertThat(burned).isGreaterThanOrEqualTo(BURN.toNanos());
		assertThat(measurement.cpuTime().orElseThrow().toNanos()).isBetween(burned - CPU_SLACK_NANOS,
				(after - before) + CPU_SLACK_NANOS);
		assertThat(measurement.usage().orElseThrow().who()).isEqualTo(Who.THREAD);
		assertThat(measurement.usage().orElseThrow().userTimeMicros()).isPositive();
		assertThat(measurement.wallTime()).isPositive();
	}

	@Test
	void measureDoesNotCountCpuBurnedByAnotherThreadMeanwhile() throws Exception {
		AtomicLong otherBurned = new AtomicLong();
		ResourceUsage selfBefore = this.service.getrusage(Who.SELF);
		ResourceUsageMeasurement<Void> measurement = this.service.measureCallable(() -> {
			Thread other = new Thread(() -> otherBurned.set(burnCpu(BURN)));
			other.start();
			other.join();
			return null;
		});
		ResourceUsage self = this.service.getrusage(Who.SELF).minus(selfBefore);
		assertThat(otherBurned.get()).isGreaterThanOrEqualTo(BURN.toNanos());
		assertThat(self.userTime().plus(self.systemTime()).toNanos())
			.isGreaterThanOrEqualTo(otherBurned.get() - CPU_SLACK_NANOS);
		assertThat(measurement.cpuTime().orElseThrow().toNanos()).isLessThan(otherBurned.get() / 4);
		assertThat(measurement.usage().orElseThrow().voluntaryContextSwitches()).isPositive();
	}

	@Test
	void measureCountsAMinorFaultForEachFreshPageTouched() {
		int pagesize = this.service.getpagesize();
		touchEveryPage(4, pagesize);
		int pages = 1000;
		// not malloc: after a large free, glibc may serve it from pages still resident
		try (AnonymousMapping mapping = new AnonymousMapping((long) pages * pagesize)) {
			Pointer memory = mapping.address();
			ResourceUsageMeasurement<Void> measurement = this.service.measure(() -> {
				for (int page = 0; page < pages; page++) {
					memory.setByte((long) page * pagesize, (byte) 1);
				}
			});
			assertThat(measurement.usage().orElseThrow().minorPageFaults()).isBetween(pages - 10L, pages + 100L);
			assertThat(measurement.usage().orElseThrow().majorPageFaults()).isZero();
		}
	}

	@Test
	void measureCountsVoluntaryContextSwitchesOfSleeps() throws Exception {
		ResourceUsageMeasurement<String> measurement = this.service.measureCallable(() -> {
			for (int i = 0; i < 5; i++) {
				Thread.sleep(2);
			}
			return "slept";
		});
		assertThat(measurement.result()).isEqualTo("slept");
		assertThat(measurement.usage().orElseThrow().voluntaryContextSwitches()).isGreaterThanOrEqualTo(5);
		assertThat(measurement.wallTime()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
	}

	@Test
	void measureOfRunnableHasNoResult() {
		ResourceUsageMeasurement<Void> measurement = this.service.measure(() -> {
		});
		assertThat(measurement.result()).isNull();
		assertThat(measurement.usage().orElseThrow().maxResidentSetSize())
			.isEqualTo(this.service.getrusage(Who.THREAD).maxResidentSetSize());
	}

	@Test
	void measurePropagatesAnUncheckedExceptionUnchanged() {
		IllegalStateException failure = new IllegalStateException("boom");
		Runnable runnable = () -> {
			throw failure;
		};
		assertThatThrownBy(() -> this.service.measure(runnable)).isSameAs(failure);
		assertThatThrownBy(() -> this.service.measure(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	@Test
	void measureCallablePropagatesACheckedExceptionUnchanged() {
		IOException failure = new IOException("disk on fire");
		assertThatThrownBy(() -> this.service.measureCallable(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void measureOnVirtualThreadRunsTheBlockAndSaysWhyItIsUnmeasured() throws Exception {
		AtomicReference<Object> outcome = new AtomicReference<>();
		Runnable measure = () -> {
			try {
				outcome.set(this.service.measure(() -> "ran"));
			}
			catch (Throwable ex) {
				outcome.set(ex);
			}
		};
		// Thread.startVirtualThread is Java 21 API; this code compiles for Java 17
		Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
		((Thread) startVirtualThread.invoke(null, measure)).join();
		assertThat(outcome.get()).isInstanceOf(ResourceUsageMeasurement.class);
		ResourceUsageMeasurement<?> measurement = (ResourceUsageMeasurement<?>) outcome.get();
		assertThat(measurement.result()).isEqualTo("ran");
		assertThat(measurement.isMeasured()).isFalse();
		assertThat(measurement.usage()).isEmpty();
		assertThat(measurement.wallTime()).isPositive();
		ResourceUsageException failure = measurement.failure().orElseThrow();
		assertThat(failure).isInstanceOf(UnmeasurableThreadException.class)
			.hasMessageContaining("virtual thread")
			.hasMessageContaining("carrier");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void getrusageThreadOnVirtualThreadIsRefusedInsteadOfReportingTheCarrier() throws Exception {
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicReference<ResourceUsage> self = new AtomicReference<>();
		AtomicBoolean measurable = new AtomicBoolean(true);
		AtomicBoolean supported = new AtomicBoolean(false);
		Runnable read = () -> {
			self.set(this.service.getrusage(Who.SELF));
			measurable.set(this.service.isThreadMeasurable());
			supported.set(this.service.isThreadUsageSupported());
			try {
				this.service.getrusage(Who.THREAD);
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		};
		Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
		((Thread) startVirtualThread.invoke(null, read)).join();
		assertThat(self.get()).isNotNull();
		assertThat(measurable).isFalse();
		assertThat(supported).as("the platform has RUSAGE_THREAD, whatever the calling thread").isTrue();
		assertThat(thrown.get()).isInstanceOf(UnmeasurableThreadException.class)
			.hasMessageContaining("virtual thread")
			.hasMessageContaining("carrier");
	}

	@Test
	void threadIsSupportedAndMeasurableOnAPlatformThreadAndTheReadSucceeds() {
		assertThat(this.service.isThreadUsageSupported()).isTrue();
		assertThat(this.service.isThreadMeasurable()).isTrue();
		assertThat(this.service.getrusage(Who.THREAD).who()).isEqualTo(Who.THREAD);
	}

	@Test
	void measureOnUnavailableServiceRunsTheBlockAndSaysWhyItIsUnmeasured() {
		ResourceUsageService unavailable = new UnavailableResourceUsageService("no getrusage here");
		AtomicBoolean ran = new AtomicBoolean();
		ResourceUsageMeasurement<Void> measurement = unavailable.measure(() -> ran.set(true));
		assertThat(ran).isTrue();
		assertThat(measurement.isMeasured()).isFalse();
		assertThat(measurement.failure().orElseThrow()).isInstanceOf(ResourceUsageUnavailableException.class)
			.hasMessage("no getrusage here");
	}

	@Test
	void measureWhenTheReadAfterTheBlockFailsKeepsTheBlocksResult() {
		GetrusageFailedException failure = new GetrusageFailedException("getrusage(RUSAGE_THREAD)", 4,
				"Interrupted system call");
		AtomicInteger reads = new AtomicInteger();
		ResourceUsageService failingAfter = new DelegatingService(this.service) {

			@Override
			public ResourceUsage getrusage(Who who) {
				if (reads.incrementAndGet() == 2) {
					throw failure;
				}
				return super.getrusage(who);
			}

		};
		ResourceUsageMeasurement<String> measurement = failingAfter.measure(() -> "result");
		assertThat(measurement.result()).isEqualTo("result");
		assertThat(measurement.isMeasured()).isFalse();
		assertThat(measurement.failure()).containsSame(failure);
	}

	@Test
	void measureWhenTheReadBeforeTheBlockFailsStillRunsTheBlock() throws Exception {
		ResourceUsageService failing = new DelegatingService(this.service) {

			@Override
			public ResourceUsage getrusage(Who who) {
				throw new IllegalStateException("a user's service with a bug");
			}

		};
		assertThat(failing.measureCallable(() -> 42)).satisfies((measurement) -> {
			assertThat(measurement.result()).isEqualTo(42);
			assertThat(measurement.isMeasured()).isFalse();
			assertThat(measurement.failure().orElseThrow()).isExactlyInstanceOf(ResourceUsageException.class)
				.hasCauseInstanceOf(IllegalStateException.class);
		});
	}

	@Test
	void measuredMeasurementHasNoFailure() {
		ResourceUsageMeasurement<String> measurement = this.service.measure(() -> "x");
		assertThat(measurement.isMeasured()).isTrue();
		assertThat(measurement.failure()).isEmpty();
		assertThat(measurement.cpuTime()).isPresent();
	}

	/**
	 * A service that delegates every read.
	 */
	static class DelegatingService implements ResourceUsageService {

		private final ResourceUsageService delegate;

		DelegatingService(ResourceUsageService delegate) {
			this.delegate = delegate;
		}

		@Override
		public ResourceUsage getrusage(Who who) {
			return this.delegate.getrusage(who);
		}

		@Override
		public ResourceUsage getrusage(int who) {
			return this.delegate.getrusage(who);
		}

		@Override
		public int getpagesize() {
			return this.delegate.getpagesize();
		}

	}

	private static long threadCpuNanos() {
		return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
	}

	/**
	 * Keeps the calling thread busy until its own CPU clock has advanced by at least
	 * {@code cpu}, however long that takes in wall time.
	 */
	private static long burnCpu(Duration cpu) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long start = threads.getCurrentThreadCpuTime();
		long sink = 0;
		long burned;
		do {
			for (int i = 0; i < 100_000; i++) {
				sink = sink * 31 + i;
			}
			burned = threads.getCurrentThreadCpuTime() - start;
		}
		while (burned < cpu.toNanos() || sink == 42);
		return burned;
	}

	private static void touchEveryPage(int pages, int pagesize) {
		try (Memory memory = new Memory((long) pages * pagesize)) {
			for (int page = 0; page < pages; page++) {
				memory.setByte((long) page * pagesize, (byte) 1);
			}
		}
	}

}
