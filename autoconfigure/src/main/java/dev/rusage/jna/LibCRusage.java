package dev.rusage.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;

import dev.rusage.ResourceUsageException;

/**
 * {@link NativeRusage} on the C library through JNA direct mapping: no
 * {@code Structure}, no proxy, no allocation per call. Each thread reuses its own
 * native buffer, so calls are thread-safe without locks.
 */
final class LibCRusage implements NativeRusage {

	static final LibCRusage INSTANCE = new LibCRusage();

	private static final ThreadLocal<Memory> BUFFER = ThreadLocal
		.withInitial(() -> new Memory(RusageLayout.SIZE));

	private LibCRusage() {
		if (Native.LONG_SIZE != Long.BYTES) {
			throw new UnsatisfiedLinkError("struct rusage is decoded for 64-bit platforms only, but a C long has "
					+ Native.LONG_SIZE + " bytes here");
		}
	}

	@Override
	public void getrusage(int who, long[] words) {
		Memory buffer = BUFFER.get();
		try {
			LibC.getrusage(who, buffer);
		}
		catch (LastErrorException ex) {
			int errno = ex.getErrorCode();
			throw new ResourceUsageException("getrusage(" + who + ")", errno, LibC.strerror(errno));
		}
		buffer.read(0, words, 0, RusageLayout.WORDS);
	}

	@Override
	public int getpagesize() {
		return LibC.getpagesize();
	}

}
