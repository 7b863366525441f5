package dev.rusage.benchmarks;

import dev.rusage.jna.NativeRusage;

/**
 * The C library binding, counting its {@code getrusage} calls: how many system calls a
 * meter scrape makes. One plain (not atomic) counter: a scrape runs on one thread.
 */
final class CountingRusage implements NativeRusage {

	private final NativeRusage delegate = NativeRusage.libc();

	private long calls;

	@Override
	public void getrusage(int who, long[] words) {
		this.calls++;
		this.delegate.getrusage(who, words);
	}

	@Override
	public int getpagesize() {
		return this.delegate.getpagesize();
	}

	long calls() {
		return this.calls;
	}

}
