package dev.rusage.benchmarks;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The physical limit: {@code rusage_loop(who, n, buf)} from
 * {@code src/main/c/rusage_loop.c} calls {@code getrusage} n times in C, so one JNA call
 * pays for many system calls. {@code benchmarks/run.sh} compiles it with gcc and names it
 * in the environment variable {@value #LIBRARY_VARIABLE} (inherited by JMH's forks).
 */
final class RusageLoop {

	static final String LIBRARY_VARIABLE = "RUSAGE_LOOP_LIBRARY";

	/** System calls per JNA call. */
	static final int CALLS = 1000;

	static {
		String path = System.getProperty("rusage.loop.library", System.getenv(LIBRARY_VARIABLE));
		if (path == null) {
			throw new IllegalStateException("Set " + LIBRARY_VARIABLE
					+ " to librusageloop.so, as benchmarks/run.sh does after compiling src/main/c/rusage_loop.c");
		}
		Native.register(RusageLoop.class, NativeLibrary.getInstance(path));
	}

	private RusageLoop() {
	}

	// int rusage_loop(int who, long n, struct rusage *buf): 0, or the errno of the first
	// failure
	static native int rusage_loop(int who, long n, long buf);

	/**
	 * Calls {@code getrusage(who)} {@code n} times in C.
	 * @param who the RUSAGE_* value
	 * @param n how many calls
	 * @param buf address of a 144-byte buffer
	 */
	static void run(int who, long n, long buf) {
		int errno = rusage_loop(who, n, buf);
		if (errno != 0) {
			throw new IllegalStateException("getrusage(" + who + ") failed in C: errno " + errno);
		}
	}

}
