package dev.rusage.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library functions, bound by JNA direct mapping: static native methods registered
 * with {@code Native.register}, JNA's fastest way to call C.
 */
final class LibC {

	static {
		Native.register(LibC.class, Platform.C_LIBRARY_NAME);
	}

	private LibC() {
	}

	// int getrusage(int who, struct rusage *usage): 0, or -1 with errno set.
	static native int getrusage(int who, Pointer usage) throws LastErrorException;

	// int getpagesize(void)
	static native int getpagesize();

	// char *strerror(int errnum)
	static native String strerror(int errnum);

}
