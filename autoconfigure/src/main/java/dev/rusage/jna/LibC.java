package dev.rusage.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The C library functions, bound by JNA direct mapping: static native methods registered
 * with {@code Native.register}, JNA's fastest way to call C. They are looked up among the
 * symbols the process has already loaded ({@code dlopen(NULL)}), so no library is
 * searched for. JNA's {@code NativeLibrary} still runs {@code /sbin/ldconfig -p} when it
 * is first used on Linux, a child process that would show up in {@code RUSAGE_CHILDREN},
 * unless {@code jna.platform.library.path} is set: it is set first, to the directories
 * ldconfig would have given ({@link LibraryDirectories}).
 */
final class LibC {

	static {
		LibraryDirectories.presetOnLinux();
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
