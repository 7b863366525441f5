package dev.rusage.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The C library functions, bound by JNA direct mapping: static native methods registered
 * with {@code Native.register}, JNA's fastest way to call C. They are looked up among the
 * symbols the process has already loaded ({@code dlopen(NULL)}): naming the library
 * instead ({@code Platform.C_LIBRARY_NAME}) makes JNA run {@code /sbin/ldconfig -p} to
 * find it, a child process that would show up in {@code RUSAGE_CHILDREN}.
 */
final class LibC {

	static {
		Native.register(LibC.class, NativeLibrary.getProcess());
	}

	private LibC() {
	}

	// int getrusage(int who, struct rusage *usage): 0, or -1 with errno set. The struct
	// is passed as a raw address: JNA marshals a long with no Pointer to unwrap.
	static native int getrusage(int who, long usage) throws LastErrorException;

	// int getpagesize(void)
	static native int getpagesize();

	// char *strerror(int errnum)
	static native String strerror(int errnum);

}
