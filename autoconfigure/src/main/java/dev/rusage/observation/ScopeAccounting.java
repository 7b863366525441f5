package dev.rusage.observation;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.rusage.ResourceUsage;

/**
 * What one observation's scopes have cost so far: the sum of the {@code RUSAGE_THREAD}
 * differences of every scope that has closed, and the scopes open now, one per thread.
 * Only the outermost scope of the observation open on a thread is read, so a scope opened
 * again on the same thread is not counted twice. A scope still open on another thread
 * when the observation stops is waited for: the observation is ready to be recorded when
 * the last of them has closed and been read. Thread-safe: scopes of one observation open
 * and close on several threads.
 */
final class ScopeAccounting {

	private final List<OpenScope> open = new ArrayList<>(1);

	private @Nullable String skipReason;

	private boolean stopped;

	private boolean recorded;

	private int reading;

	private int measuredScopes;

	private long cpuMicros;

	private long minorFaults;

	private long majorFaults;

	private long voluntarySwitches;

	private long involuntarySwitches;

	private long blocksIn;

	private long blocksOut;

	/**
	 * Returns whether a scope opening on {@code thread} is this observation's outermost
	 * open scope there, and so needs a reading; a nested one only deepens it. No new
	 * scope is read once the observation has stopped.
	 */
	synchronized boolean needsStart(Thread thread) {
		OpenScope scope = find(thread);
		if (scope != null) {
			scope.depth++;
			return false;
		}
		return this.skipReason == null && !this.stopped;
	}

	synchronized void started(Thread thread, ResourceUsage start) {
		if (this.skipReason == null && !this.stopped && find(thread) == null) {
			this.open.add(new OpenScope(thread, start));
		}
	}

	/**
	 * Returns the reading taken when the outermost scope open on {@code thread} opened,
	 * if the scope closing now is that one; {@code null} if it is a nested one, or none
	 * is open there. A reading returned must be handed back to {@link #closed}.
	 */
	synchronized @Nullable ResourceUsage closing(Thread thread) {
		OpenScope scope = find(thread);
		if (scope == null) {
			return null;
		}
		if (scope.depth > 0) {
			scope.depth--;
			return null;
		}
		this.open.remove(scope);
		if (this.skipReason != null) {
			return null;
		}
		this.reading++;
		return scope.start;
	}

	/**
	 * Adds what a scope cost, from the reading {@link #closing} or {@link #stop} returned
	 * to the one taken now ({@code null} if that read failed).
	 * @return whether the observation is now ready to be recorded, once
	 */
	synchronized boolean closed(ResourceUsage start, @Nullable ResourceUsage end) {
		this.reading--;
		if (end != null && this.skipReason == null) {
			add(start, end);
		}
		return readyToRecord();
	}

	private void add(ResourceUsage start, ResourceUsage end) {
		this.measuredScopes++;
		this.cpuMicros += (end.userTimeMicros() + end.systemTimeMicros())
				- (start.userTimeMicros() + start.systemTimeMicros());
		this.minorFaults += end.minorPageFaults() - start.minorPageFaults();
		this.majorFaults += end.majorPageFaults() - start.majorPageFaults();
		this.voluntarySwitches += end.voluntaryContextSwitches() - start.voluntaryContextSwitches();
		this.involuntarySwitches += end.involuntaryContextSwitches() - start.involuntaryContextSwitches();
		this.blocksIn += end.blockInputOperations() - start.blockInputOperations();
		this.blocksOut += end.blockOutputOperations() - start.blockOutputOperations();
	}

	/**
	 * Forgets the scope open on {@code thread}, unread: {@code onScopeReset} ends it
	 * without a close.
	 * @return whether the observation is now ready to be recorded, once
	 */
	synchronized boolean reset(Thread thread) {
		OpenScope scope = find(thread);
		if (scope != null) {
			this.open.remove(scope);
		}
		return readyToRecord();
	}

	/**
	 * Marks the observation unmeasurable: nothing of it will be reported. The first
	 * reason is kept.
	 */
	synchronized void skip(String reason) {
		if (this.skipReason == null) {
			this.skipReason = reason;
		}
	}

	/**
	 * Stops accounting for new scopes. A scope still open on {@code thread}, the stopping
	 * thread, is closed here: its reading is returned, to be handed back to
	 * {@link #closed} with one taken now. A scope still open on another thread cannot be
	 * read from here; it is read when it closes there.
	 * @return the reading of the scope open on {@code thread}, or {@code null}
	 */
	synchronized @Nullable ResourceUsage stop(Thread thread) {
		this.stopped = true;
		OpenScope here = find(thread);
		if (here == null) {
			return null;
		}
		this.open.remove(here);
		if (this.skipReason != null) {
			return null;
		}
		this.reading++;
		return here.start;
	}

	/**
	 * Returns whether the observation is ready to be recorded: stopped, and either
	 * unmeasurable or with no scope left to read. {@code true} only once.
	 */
	synchronized boolean readyToRecord() {
		if (!this.stopped || this.recorded) {
			return false;
		}
		if (this.skipReason == null && (this.reading > 0 || !this.open.isEmpty())) {
			return false;
		}
		this.recorded = true;
		return true;
	}

	synchronized @Nullable String skipReason() {
		return this.skipReason;
	}

	synchronized int measuredScopes() {
		return this.measuredScopes;
	}

	synchronized long cpuMicros() {
		return this.cpuMicros;
	}

	synchronized long first(ObservedCounter counter) {
		return switch (counter) {
			case PAGE_FAULTS -> this.minorFaults;
			case CONTEXT_SWITCHES -> this.voluntarySwitches;
			case BLOCK_OPERATIONS -> this.blocksIn;
		};
	}

	synchronized long second(ObservedCounter counter) {
		return switch (counter) {
			case PAGE_FAULTS -> this.majorFaults;
			case CONTEXT_SWITCHES -> this.involuntarySwitches;
			case BLOCK_OPERATIONS -> this.blocksOut;
		};
	}

	private @Nullable OpenScope find(Thread thread) {
		for (OpenScope scope : this.open) {
			if (scope.thread == thread) {
				return scope;
			}
		}
		return null;
	}

	private static final class OpenScope {

		private final Thread thread;

		private final ResourceUsage start;

		private int depth;

		OpenScope(Thread thread, ResourceUsage start) {
			this.thread = thread;
			this.start = start;
		}

	}

}
