package dev.rusage.platform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that a read allocates nothing but the returned snapshot, through each binding, on
 * platform and virtual threads: bytes counted by the JVM
 * ({@code com.sun.management.ThreadMXBean}), not time.
 * <p>
 * Each case warms the call up so that the JIT has compiled it, then counts the bytes of
 * several batches and keeps the smallest average: another thread that allocates during a
 * batch (when the counter is the JVM-wide total) can only add to it.
 */
@EnabledOnOs(OS.LINUX)
class ResourceUsageAllocationTests {

	// ResourceUsage: a 12-byte header, a reference, 16 longs and an int, in 8-byte steps
	private static final long RESULT_BYTES = 152;

	// its 16 longs alone: fewer bytes would mean the counter missed the result
	private static final long RESULT_FIELD_BYTES = 16 * Long.BYTES;

	private static final int WARM_UP_CALLS = 100_000;

	private static final int BATCH_CALLS = 20_000;

	private static final int BATCHES = 5;

	private static final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static volatile ResourceUsage sink;

	@ParameterizedTest
	@ValueSource(strings = { "jna", "ffm" })
	void getrusageOnAPlatformThreadAllocatesOnlyTheResult(String binding) {
		ResourceUsageService service = service(binding);
		for (Who who : Who.values()) {
			if (who != Who.BOTH) {
				assertThat(bytesPerCall(service, who, threads::getCurrentThreadAllocatedBytes))
					.as("%s %s", binding, who)
					.isBetween(RESULT_FIELD_BYTES, RESULT_BYTES);
			}
		}
	}

	// RUSAGE_BOTH is two reads and their sum: three snapshots, and no more
	@ParameterizedTest
	@ValueSource(strings = { "jna", "ffm" })
	void getrusageBothAllocatesItsTwoReadsAndTheirSumOnly(String binding) {
		ResourceUsageService service = service(binding);
		assertThat(bytesPerCall(service, Who.BOTH, threads::getCurrentThreadAllocatedBytes)).as("%s BOTH", binding)
			.isBetween(3 * RESULT_FIELD_BYTES, 3 * RESULT_BYTES);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jna", "ffm" })
	@EnabledForJreRange(min = JRE.JAVA_21)
	void getrusageOnAVirtualThreadAllocatesOnlyTheResult(String binding) throws Exception {
		ResourceUsageService service = service(binding);
		// a virtual thread has no allocation counter of its own: count the whole JVM's
		// (getTotalThreadAllocatedBytes is Java 21 API; this code compiles for Java 17)
		MethodHandle total = MethodHandles.publicLookup()
			.findVirtual(com.sun.management.ThreadMXBean.class, "getTotalThreadAllocatedBytes",
					MethodType.methodType(long.class))
			.bindTo(threads);
		LongSupplier allocatedBytes = () -> {
			try {
				return (long) total.invokeExact();
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		};
		AtomicLong self = new AtomicLong();
		AtomicLong children = new AtomicLong();
		Runnable reads = () -> {
			self.set(bytesPerCall(service, Who.SELF, allocatedBytes));
			children.set(bytesPerCall(service, Who.CHILDREN, allocatedBytes));
		};
		// Thread.startVirtualThread is Java 21 API; this code compiles for Java 17
		Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
		((Thread) startVirtualThread.invoke(null, reads)).join();
		assertThat(self.get()).as("%s SELF", binding).isBetween(RESULT_FIELD_BYTES, RESULT_BYTES);
		assertThat(children.get()).as("%s CHILDREN", binding).isBetween(RESULT_FIELD_BYTES, RESULT_BYTES);
	}

	private static ResourceUsageService service(String binding) {
		assumeTrue(!binding.equals("ffm") || Runtime.version().feature() >= 22, "the ffm binding needs Java 22+");
		assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes");
		threads.setThreadAllocatedMemoryEnabled(true);
		ResourceUsageService service = PlatformResourceUsageService.create(binding);
		assertThat(service.binding()).isEqualTo(binding);
		return service;
	}

	private static long bytesPerCall(ResourceUsageService service, Who who, LongSupplier allocatedBytes) {
		read(service, who, WARM_UP_CALLS);
		long fewest = Long.MAX_VALUE;
		for (int batch = 0; batch < BATCHES; batch++) {
			long before = allocatedBytes.getAsLong();
			read(service, who, BATCH_CALLS);
			long bytes = allocatedBytes.getAsLong() - before;
			fewest = Math.min(fewest, bytes / BATCH_CALLS);
		}
		return fewest;
	}

	private static void read(ResourceUsageService service, Who who, int calls) {
		for (int i = 0; i < calls; i++) {
			sink = service.getrusage(who);
		}
	}

}
