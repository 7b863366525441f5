package dev.rusage.platform;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A fixed set of native structs that callers borrow for one read and give back, so that a
 * read allocates nothing and no thread keeps anything of its own: a struct per thread
 * would cost a native allocation for every short-lived (virtual) thread and outlive it.
 * <p>
 * A caller starts at a slot picked by its thread id and takes the first free one with a
 * compare-and-set; a read holds a slot for one system call, so with a few slots per CPU a
 * caller almost always finds its first slot free.
 */
final class StructPool {

	// one busy flag per 64-byte cache line, so that callers on different slots do not
	// contend for a line
	private static final int STRIDE = 16;

	private final RusageStruct[] structs;

	private final long[][] words;

	private final AtomicIntegerArray busy;

	private final int mask;

	StructPool(RusageBinding binding, int minimumSize) {
		int size = Integer.highestOneBit(Math.max(1, minimumSize - 1)) << 1;
		this.structs = new RusageStruct[size];
		this.words = new long[size][RusageStruct.WORDS];
		for (int i = 0; i < size; i++) {
			this.structs[i] = binding.allocate();
		}
		this.busy = new AtomicIntegerArray(size * STRIDE);
		this.mask = size - 1;
	}

	static int defaultSize() {
		return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Takes a free slot, waiting for one if every slot is busy.
	 * @return the slot's index, for {@link #struct(int)} and {@link #release(int)}
	 */
	@SuppressWarnings("deprecation") // Thread.getId is the only id before Java 19
	int acquire() {
		int slot = (int) Thread.currentThread().getId();
		for (int tries = 1;; tries++) {
			slot &= this.mask;
			if (this.busy.compareAndSet(slot * STRIDE, 0, 1)) {
				return slot;
			}
			slot++;
			if ((tries & this.mask) == 0) {
				Thread.yield();
			}
		}
	}

	RusageStruct struct(int slot) {
		return this.structs[slot];
	}

	/**
	 * Returns the slot's copy of its struct's words, as Java longs.
	 */
	long[] words(int slot) {
		return this.words[slot];
	}

	void release(int slot) {
		this.busy.lazySet(slot * STRIDE, 0);
	}

}
