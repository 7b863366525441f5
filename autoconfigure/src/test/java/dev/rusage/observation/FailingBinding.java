package dev.rusage.observation;

import dev.rusage.platform.CountingBinding;
import dev.rusage.platform.RusageBinding;
import dev.rusage.platform.RusageStruct;

/**
 * A binding that makes the real calls, and fails every {@code getrusage(RUSAGE_THREAD)}
 * with {@code EIO} while it is {@linkplain #failThreadReads(boolean) told to}: the fault
 * the real kernel cannot be made to produce on demand.
 */
final class FailingBinding implements RusageBinding {

	private static final int RUSAGE_THREAD = 1;

	private static final int EIO = 5;

	private final CountingBinding delegate = new CountingBinding();

	private volatile boolean failing;

	/**
	 * Sets whether the {@code RUSAGE_THREAD} calls fail from now on.
	 * @param failing whether they fail
	 */
	void failThreadReads(boolean failing) {
		this.failing = failing;
	}

	/**
	 * Returns how many {@code RUSAGE_THREAD} calls reached the kernel.
	 * @return the number of calls
	 */
	int threadCalls() {
		return this.delegate.calls(RUSAGE_THREAD);
	}

	@Override
	public String name() {
		return "failing " + this.delegate.name();
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
				if (who == RUSAGE_THREAD && FailingBinding.this.failing) {
					return EIO;
				}
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

}
