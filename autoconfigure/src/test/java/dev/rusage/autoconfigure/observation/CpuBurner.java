package dev.rusage.autoconfigure.observation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Burns the calling thread's CPU for a given time, by the thread's own CPU clock
 * ({@code CLOCK_THREAD_CPUTIME_ID}), not the wall clock. Public for the handler's own
 * tests in {@code dev.rusage.observation}.
 */
public final class CpuBurner {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private static volatile long sink;

	private CpuBurner() {
	}

	/**
	 * Burns CPU on the calling thread.
	 * @param millis how much of the thread's CPU time to use
	 * @return the thread CPU time used, nanoseconds
	 */
	public static long burn(long millis) {
		long start = threads.getCurrentThreadCpuTime();
		long end = start + millis * 1_000_000;
		long now = start;
		long x = 1;
		while (now < end) {
			for (int i = 0; i < 10_000; i++) {
				x = x * 6364136223846793005L + 1442695040888963407L;
			}
			now = threads.getCurrentThreadCpuTime();
		}
		sink = x;
		return now - start;
	}

}
