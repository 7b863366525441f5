package dev.rusage.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.rusage.platform.RusageStruct;

/**
 * A {@code struct rusage} in native memory, followed by the few bytes into which the JVM
 * captures {@code errno} after each call: one allocation, made once, freed when the
 * struct is no longer reachable.
 */
final class FfmRusageStruct implements RusageStruct {

	// the slices keep the automatic arena's memory alive for as long as this struct is
	private final MemorySegment usage;

	private final MemorySegment callState;

	FfmRusageStruct() {
		MemorySegment memory = Arena.ofAuto().allocate(SIZE + LibC.CALL_STATE.byteSize(), Long.BYTES);
		this.usage = memory.asSlice(0, SIZE);
		this.callState = memory.asSlice(SIZE, LibC.CALL_STATE.byteSize());
	}

	@Override
	public void fill(long value) {
		for (int i = 0; i < WORDS; i++) {
			this.usage.setAtIndex(ValueLayout.JAVA_LONG, i, value);
		}
	}

	@Override
	public int getrusage(int who) {
		if (LibC.getrusage(this.callState, who, this.usage) == 0) {
			return 0;
		}
		return LibC.errno(this.callState);
	}

	@Override
	public void copyTo(long[] words) {
		MemorySegment.copy(this.usage, ValueLayout.JAVA_LONG, 0, words, 0, WORDS);
	}

}
