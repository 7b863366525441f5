package dev.rusage.observation;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.rusage.ResourceUsage;

/**
 * What one observation's scopes have cost so far: the thread CPU time of every scope that
 * has closed, the counters' differences when counters are asked for, and the scopes open
 * now, one per thread. Only the outermost scope of the observation open on a thread is
 * read, so a scope opened again on the same thread is not counted twice. A scope still
 * open on another thread when the observation stops is waited for: the observation is
 * ready to be recorded when the last of them has closed and been read.
 * <p>
 * Thread-safe: scopes of one observation open and close on several threads. The first
 * thread's scope is held in fields, so that the usual observation, whose scopes open on
 * one thread at a time, allocates nothing per scope, and takes this object's lock five
 * times in all.
 */
final class ScopeAccounting {

	/**
	 * What a thread that stops the observation does next.
	 */
	enum Stop {

		/** Read the scope still open on the stopping thread and hand it to closed. */
		READ_SCOPE,

		/** Record the observation: nothing is left to read. */
		RECORD,

		/** Nothing: a scope open on another thread is read, and recorded, there. */
		NOTHING

	}

	private @Nullable Thread thread;

	private int depth;

	private long startNanos;

	private @Nullable ResourceUsage startUsage;

	private @Nullable List<OpenScope> others;

	private @Nullable String skipReason;

	private boolean stopped;

	// read without the lock by the stops that come after the one that recorded
	private volatile boolean recorded;

	private boolean measured;

	private long cpuNanos;

	private long @Nullable [] counts;

	/**
	 * Returns whether a scope opening on {@code thread} is this observation's outermost
	 * open scope there, and so needs a reading; a nested one only deepens it. No new
	 * scope is read once the observation has stopped or is skipped.
	 */
	synchronized boolean needsStart(Thread thread) {
		if (this.thread == thread) {
			this.depth++;
			return false;
		}
		OpenScope other = findOther(thread);
		if (other != null) {
			other.depth++;
			return false;
		}
		return this.skipReason == null && !this.stopped;
	}

	/**
	 * Opens the outermost scope on {@code thread}, read at {@code nanos} of its CPU clock
	 * and, when counters are asked for, {@code usage}.
	 */
	synchronized void started(Thread thread, long nanos, @Nullable ResourceUsage usage) {
		if (this.skipReason != null || this.stopped || this.thread == thread || findOther(thread) != null) {
			return;
		}
		if (this.thread == null) {
			this.thread = thread;
			this.startNanos = nanos;
			this.startUsage = usage;
			this.depth = 0;
		}
		else {
			if (this.others == null) {
				this.others = new ArrayList<>(2);
			}
			this.others.add(new OpenScope(thread, nanos, usage));
		}
	}

	/**
	 * Returns whether the scope closing now on {@code thread} is the outermost one, which
	 * the caller must read and hand to {@link #closed}; a nested one only gets shallower.
	 * The scope stays open until {@link #closed}, so the observation is not recorded
	 * while it is read.
	 */
	synchronized boolean closing(Thread thread) {
		if (this.thread == thread) {
			if (this.depth > 0) {
				this.depth--;
				return false;
			}
			return true;
		}
		OpenScope other = findOther(thread);
		if (other == null) {
			return false;
		}
		if (other.depth > 0) {
			other.depth--;
			return false;
		}
		return true;
	}

	/**
	 * Closes the scope open on {@code thread} with a reading taken now: {@code nanos} of
	 * its CPU clock, or a negative value if it could not be read, and the
	 * {@code counters}' usage ({@code null} if none are asked for or the read failed).
	 * @return whether the observation is now ready to be recorded, once
	 */
	synchronized boolean closed(Thread thread, long nanos, @Nullable ResourceUsage usage, ObservedCounter[] counters) {
		if (this.thread == thread) {
			add(this.startNanos, this.startUsage, nanos, usage, counters);
			this.thread = null;
			this.startUsage = null;
		}
		else {
			OpenScope other = findOther(thread);
			if (other != null) {
				add(other.startNanos, other.startUsage, nanos, usage, counters);
				this.others.remove(other);
			}
		}
		return readyToRecord();
	}

	private void add(long startNanos, @Nullable ResourceUsage startUsage, long endNanos,
			@Nullable ResourceUsage endUsage, ObservedCounter[] counters) {
		if (this.skipReason != null || endNanos < 0) {
			return;
		}
		if (counters.length > 0) {
			if (startUsage == null || endUsage == null) {
				return;
			}
			if (this.counts == null) {
				this.counts = new long[counters.length * 2];
			}
			for (int i = 0; i < counters.length; i++) {
				ObservedCounter counter = counters[i];
				this.counts[2 * i] += counter.first(endUsage) - counter.first(startUsage);
				this.counts[2 * i + 1] += counter.second(endUsage) - counter.second(startUsage);
			}
		}
		this.measured = true;
		this.cpuNanos += endNanos - startNanos;
	}

	/**
	 * Forgets the scope open on {@code thread}, unread: {@code onScopeReset} ends it
	 * without a close.
	 * @return whether the observation is now ready to be recorded, once
	 */
	synchronized boolean reset(Thread thread) {
		if (this.thread == thread) {
			this.thread = null;
			this.startUsage = null;
		}
		else {
			OpenScope other = findOther(thread);
			if (other != null) {
				this.others.remove(other);
			}
		}
		return readyToRecord();
	}

	/**
	 * Marks the observation unmeasurable: nothing of it will be reported. The first
	 * reason is kept; none is taken once the observation is recorded.
	 */
	synchronized void skip(String reason) {
		if (this.skipReason == null && !this.recorded) {
			this.skipReason = reason;
		}
	}

	/**
	 * Stops accounting for new scopes, and tells the stopping thread what to do next: a
	 * scope still open on another thread cannot be read from here and is read when it
	 * closes there. Once recorded, every stop is told {@link Stop#NOTHING}.
	 */
	synchronized Stop stop(Thread thread) {
		if (this.recorded) {
			return Stop.NOTHING;
		}
		this.stopped = true;
		if (this.skipReason == null && (this.thread == thread || findOther(thread) != null)) {
			return Stop.READ_SCOPE;
		}
		return readyToRecord() ? Stop.RECORD : Stop.NOTHING;
	}

	// stopped, and either unmeasurable or with no scope left to read; true only once
	private boolean readyToRecord() {
		if (!this.stopped || this.recorded) {
			return false;
		}
		if (this.skipReason == null && (this.thread != null || (this.others != null && !this.others.isEmpty()))) {
			return false;
		}
		this.recorded = true;
		return true;
	}

	/**
	 * Returns whether the observation has been handed to a thread to record.
	 */
	boolean isRecorded() {
		return this.recorded;
	}

	// The figures below are read without the lock by the thread that was told to record,
	// after it took the lock that set recorded: nothing changes them from then on (no
	// scope is open, none opens once stopped, and no skip is taken once recorded).

	/**
	 * Returns why the observation cannot be measured, or {@code null}.
	 */
	@Nullable String skipReason() {
		return this.skipReason;
	}

	/**
	 * Returns whether a scope of the observation was read.
	 */
	boolean measured() {
		return this.measured;
	}

	long cpuNanos() {
		return this.cpuNanos;
	}

	/**
	 * Returns the first field's total of the counter at {@code index} of the counters the
	 * scopes were closed with.
	 */
	long first(int index) {
		return (this.counts != null) ? this.counts[2 * index] : 0;
	}

	long second(int index) {
		return (this.counts != null) ? this.counts[2 * index + 1] : 0;
	}

	private @Nullable OpenScope findOther(Thread thread) {
		if (this.others == null) {
			return null;
		}
		for (OpenScope scope : this.others) {
			if (scope.thread == thread) {
				return scope;
			}
		}
		return null;
	}

	private static final class OpenScope {

		private final Thread thread;

		private final long startNanos;

		private final @Nullable ResourceUsage startUsage;

		private int depth;

		OpenScope(Thread thread, long startNanos, @Nullable ResourceUsage startUsage) {
			this.thread = thread;
			this.startNanos = startNanos;
			this.startUsage = startUsage;
		}

	}

}
