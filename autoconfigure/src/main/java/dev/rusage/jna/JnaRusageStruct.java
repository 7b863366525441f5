package dev.rusage.jna;

import java.nio.ByteOrder;
import java.nio.LongBuffer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import dev.rusage.platform.RusageStruct;

/**
 * A {@code struct rusage} in JNA {@link Memory}, read back through a direct
 * {@link LongBuffer} view of it: a plain memory read rather than a second JNI call
 * ({@code Memory.read}).
 */
final class JnaRusageStruct implements RusageStruct {

	// the Memory owns the native allocation: it must stay reachable as long as its
	// address is used, so it is a field, not just the address
	private final Memory memory = new Memory(SIZE);

	private final long address = Pointer.nativeValue(this.memory);

	private final LongBuffer words = this.memory.getByteBuffer(0, SIZE).order(ByteOrder.nativeOrder()).asLongBuffer();

	@Override
	public void fill(long value) {
		for (int i = 0; i < WORDS; i++) {
			this.words.put(i, value);
		}
	}

	@Override
	public int getrusage(int who) {
		try {
			LibC.getrusage(who, this.address);
			return 0;
		}
		catch (LastErrorException ex) {
			return ex.getErrorCode();
		}
	}

	@Override
	public void copyTo(long[] words) {
		this.words.get(0, words, 0, WORDS);
	}

}
