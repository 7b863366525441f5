package dev.rusage.observation;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.rusage.ResourceUsage;

/**
 * What one observation's scopes have cost so far: the sum of the {@code RUSAGE_THREAD}
 * differences of every scope that has closed, and the scopes open now, one per thread.
 * Only the outermost scope of the observation open on a thread is read, so a scope opened
 * again on the same thread is not counted twice. Thread-safe: scopes of one observation
 * open and close on several threads.
 */
final class ScopeAccounting {

	private final List<OpenScope> open = new ArrayList<>(1);

	private @Nullable String skipReason;

	private boolean stopped;

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
	 * open scope there, and so needs a reading; a nested one only deepens it.
	 */
	synchronized boolean needsStart(Thread thread) {
		if (this.skipReason != null || this.stopped) {
			return false;
		}
		OpenScope scope = find(thread);
		if (scope != null) {
			scope.depth++;
			return false;
		}
		return true;
	}

	synchronized void started(Thread thread, ResourceUsage start) {
		if (this.skipReason == null && !this.stopped && find(thread) == null) {
			this.open.add(new OpenScope(thread, start));
		}
	}

	/**
	 * Returns the reading taken when the outermost scope open on {@code thread} opened,
	 * if the scope closing now is that one; {@code null} if it is a nested one, or none
	 * is open there.
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
		return (this.skipReason != null || this.stopped) ? null : scope.start;
	}

	synchronized void add(ResourceUsage start, ResourceUsage end) {
		if (this.skipReason != null || this.stopped) {
			return;
		}
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
	 * Forgets the scopes open on {@code thread}, unread: {@code onScopeReset} ends them
	 * without a close.
	 */
	synchronized void reset(Thread thread) {
		OpenScope scope = find(thread);
		if (scope != null) {
			this.open.remove(scope);
		}
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
	 * Stops accounting. A scope still open on {@code thread}, the stopping thread, is
	 * returned so that its cost so far can be added; a scope still open on another thread
	 * cannot be read from here, so the observation is skipped.
	 */
	synchronized @Nullable ResourceUsage stop(Thread thread, String openElsewhere) {
		OpenScope here = find(thread);
		if (here != null) {
			this.open.remove(here);
		}
		if (!this.open.isEmpty()) {
			skip(openElsewhere);
		}
		ResourceUsage start = (here != null && this.skipReason == null) ? here.start : null;
		this.open.clear();
		return start;
	}

	synchronized void markStopped() {
		this.stopped = true;
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
