package dev.rusage.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads calling one {@link PlatformResourceUsageService} at once, mixing every
 * {@link Who}, so that they contend for the pooled native structs: 8 threads of 100,000
 * calls each; {@code -Drusage.concurrency.calls} sets the calls per thread.
 */
@EnabledOnOs(OS.LINUX)
class ConcurrencyTests {

	private static final int THREADS = 8;

	private static final int CALLS_PER_THREAD = Integer.getInteger("rusage.concurrency.calls", 100_000);

	private static final Who[] MIX = Who.values();

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	@Test
	void concurrentCallsMixingEveryWhoSucceedAndSelfCountersNeverDecreasePerThread() throws Exception {
		assertThat(this.service.isAvailable()).isTrue();
		CyclicBarrier start = new CyclicBarrier(THREADS);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		long startNanos = System.nanoTime();
		try {
			List<Future<Long>> results = new ArrayList<>();
			for (int thread = 0; thread < THREADS; thread++) {
				int offset = thread;
				results.add(executor.submit(() -> callMixed(start, offset)));
			}
			long calls = 0;
			for (Future<Long> result : results) {
				calls += result.get();
			}
			assertThat(calls).isEqualTo((long) THREADS * CALLS_PER_THREAD);
		}
		finally {
			executor.shutdownNow();
		}
		System.out.printf("ConcurrencyTests: %d threads x %,d calls, 0 errors, %.1f s%n", THREADS, CALLS_PER_THREAD,
				(System.nanoTime() - startNanos) / 1e9);
	}

	private long callMixed(CyclicBarrier start, int offset) throws Exception {
		start.await();
		ResourceUsage previousSelf = this.service.getrusage(Who.SELF);
		long calls = 1;
		for (int i = 1; i < CALLS_PER_THREAD; i++) {
			Who who = MIX[(i + offset) % MIX.length];
			ResourceUsage usage = (i % 2 == 0) ? this.service.getrusage(RusageConstants.valueOf(who))
					: this.service.getrusage(who);
			assertThat(usage.who()).isSameAs(who);
			if (who == Who.SELF) {
				assertNotDecreasing(previousSelf, usage);
				previousSelf = usage;
			}
			calls++;
		}
		return calls;
	}

	private static void assertNotDecreasing(ResourceUsage previous, ResourceUsage current) {
		List<Number> before = previous.values();
		List<Number> after = current.values();
		for (int field = 0; field < before.size(); field++) {
			if (after.get(field).doubleValue() < before.get(field).doubleValue()) {
				throw new AssertionError(
						"Field " + field + " of successive SELF reads decreased: " + previous + " then " + current);
			}
		}
	}

}
