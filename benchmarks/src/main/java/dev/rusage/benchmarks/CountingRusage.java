package dev.rusage.benchmarks;

import dev.rusage.jna.JnaRusageBinding;
import dev.rusage.platform.RusageBinding;
import dev.rusage.platform.RusageStruct;

/**
 * The JNA binding, counting its {@code getrusage} calls: how many system calls a meter
 * scrape makes. One plain (not atomic) counter: a scrape runs on one thread.
 */
final class CountingRusage implements RusageBinding {

	private final RusageBinding delegate = JnaRusageBinding.load();

	private long calls;

	@Override
	public String name() {
		return "counting";
	}

	@Override
	public RusageStruct allocate() {
		RusageStruct struct = this.delegate.allocate();
		return new RusageStruct() {

			@Override
			public void fill(long value) {
				struct.fill(value);
			}

			@Override
			public int getrusage(int who) {
				CountingRusage.this.calls++;
				return struct.getrusage(who);
			}

			@Override
			public void copyTo(long[] words) {
				struct.copyTo(words);
			}

		};
	}

	@Override
	public int getpagesize() {
		return this.delegate.getpagesize();
	}

	@Override
	public String strerror(int errno) {
		return this.delegate.strerror(errno);
	}

	long calls() {
		return this.calls;
	}

}
