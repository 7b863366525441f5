package dev.rusage.benchmarks;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Direct-mapped {@code getrusage} with a {@link Pointer} argument and
 * {@link LastErrorException}: JNA's checked variant of the direct call, to tell its cost
 * apart from the bare one.
 */
final class CheckedLibC {

	static {
		Native.register(CheckedLibC.class, Platform.C_LIBRARY_NAME);
	}

	private CheckedLibC() {
	}

	// int getrusage(int who, struct rusage *usage): 0, or -1 with errno set
	static native int getrusage(int who, Pointer usage) throws LastErrorException;

}
