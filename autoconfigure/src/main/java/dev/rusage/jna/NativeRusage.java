package dev.rusage.jna;

import dev.rusage.ResourceUsageException;

/**
 * The native calls behind {@link JnaResourceUsageService}: the one place where the
 * platform is touched, so that a binding can be swapped (or, in tests, made to fail)
 * without changing callers. Not part of the public API.
 *
 * @since 0.1.0
 */
public interface NativeRusage {

	/**
	 * Calls {@code getrusage(who, &usage)} and copies the 144-byte {@code struct rusage}
	 * into {@code words} as 18 native-endian 64-bit words (see {@link RusageLayout}).
	 * @param who the raw {@code RUSAGE_*} value
	 * @param words at least {@link RusageLayout#WORDS} elements, overwritten
	 * @throws ResourceUsageException if the call returns -1
	 */
	void getrusage(int who, long[] words);

	/**
	 * Calls {@code getpagesize()}.
	 * @return the page size, bytes
	 */
	int getpagesize();

	/**
	 * Returns the binding for the C library of this process, through JNA direct mapping.
	 * @return the binding
	 * @throws LinkageError if JNA or its native library cannot be loaded
	 */
	static NativeRusage libc() {
		return LibCRusage.INSTANCE;
	}

}
