package dev.rusage.platform;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * A fresh private anonymous mapping ({@code mmap(2)}): none of its pages is resident
 * until written, unlike memory from {@code malloc}, which may reuse pages that are.
 */
final class AnonymousMapping implements AutoCloseable {

	// Linux x86_64 and aarch64 (asm-generic/mman-common.h)
	private static final int PROT_READ_WRITE = 0x1 | 0x2;

	private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;

	private static final int MADV_NOHUGEPAGE = 15;

	static {
		Native.register(AnonymousMapping.class, Platform.C_LIBRARY_NAME);
	}

	private final Pointer address;

	private final long length;

	AnonymousMapping(long length) {
		this.length = length;
		this.address = mmap(null, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
		if (Pointer.nativeValue(this.address) == -1) {
			throw new IllegalStateException("mmap failed, errno " + Native.getLastError());
		}
		// one fault per 4 KiB page, not one per transparent huge page
		madvise(this.address, length, MADV_NOHUGEPAGE);
	}

	Pointer address() {
		return this.address;
	}

	@Override
	public void close() {
		munmap(this.address, this.length);
	}

	private static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

	private static native int madvise(Pointer addr, long length, int advice);

	private static native int munmap(Pointer addr, long length);

}
