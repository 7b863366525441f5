package dev.rusage.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A binding that makes the real calls through another binding and counts the
 * {@code getrusage} calls per raw {@code RUSAGE_*} value.
 */
public final class CountingBinding implements RusageBinding {

	private final Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final RusageBinding delegate;

	/**
	 * Creates a counting binding over the binding this JVM would choose.
	 */
	public CountingBinding() {
		this(RusageBindings.load(System.getProperty(RusageBindings.PROPERTY, RusageBindings.AUTO)));
	}

	CountingBinding(RusageBinding delegate) {
		this.delegate = delegate;
	}

	/**
	 * Returns how many calls were made with a raw {@code RUSAGE_*} value.
	 * @param who the value
	 * @return the number of calls
	 */
	public int calls(int who) {
		AtomicInteger calls = this.calls.get(who);
		return (calls != null) ? calls.get() : 0;
	}

	/**
	 * Returns how many calls were made in all.
	 * @return the number of calls
	 */
	public int calls() {
		return this.calls.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	@Override
	public String name() {
		return "counting " + this.delegate.name();
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
				CountingBinding.this.calls.computeIfAbsent(who, (key) -> new AtomicInteger()).incrementAndGet();
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
