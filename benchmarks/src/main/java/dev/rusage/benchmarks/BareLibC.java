package dev.rusage.benchmarks;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The floor for JNA: {@code getrusage} direct-mapped with the buffer passed as a raw
 * address, no error check, no decoding.
 */
final class BareLibC {

	static {
		Native.register(BareLibC.class, Platform.C_LIBRARY_NAME);
	}

	private BareLibC() {
	}

	// int getrusage(int who, struct rusage *usage)
	static native int getrusage(int who, long usage);

	// int getpagesize(void)
	static native int getpagesize();

}
