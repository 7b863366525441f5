package dev.rusage.platform;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU time of the calling thread by its own clock ({@code CLOCK_THREAD_CPUTIME_ID}),
 * which, unlike wall time, is not stretched by other load on the machine.
 */
final class ThreadCpu {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private static volatile long sink;

	private ThreadCpu() {
	}

	/**
	 * Returns the CPU time the calling thread has used.
	 */
	static long nanos() {
		return threads.getCurrentThreadCpuTime();
	}

	/**
	 * Burns CPU in user mode on the calling thread until its own clock has advanced by at
	 * least {@code cpu}.
	 * @return the CPU time burned, nanoseconds, at least {@code cpu}
	 */
	static long burn(Duration cpu) {
		long start = nanos();
		long burned;
		long x = start;
		do {
			for (int i = 0; i < 200_000; i++) {
				x ^= x << 13;
				x ^= x >>> 7;
				x ^= x << 17;
			}
			sink = x;
			burned = nanos() - start;
		}
		while (burned < cpu.toNanos());
		return burned;
	}

}
