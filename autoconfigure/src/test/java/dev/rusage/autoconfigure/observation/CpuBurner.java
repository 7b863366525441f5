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
	 * Returns the CPU time the calling thread has used. On Linux, reading the thread's
	 * clock also brings the kernel's account of the running thread up to date, which
	 * {@code getrusage(RUSAGE_THREAD)} reports as it stood at the last update (a
	 * scheduler tick, a switch, or such a read): up to one tick old otherwise.
	 * @return the thread's CPU time, nanoseconds
	 */
	public static long threadCpuNanos() {
		return threads.getCurrentThreadCpuTime();
	}

	/**
	 * Burns CPU on the calling thread. It ends with a read of the thread's clock, so a
	 * {@code getrusage(RUSAGE_THREAD)} just after it is up to date.
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
