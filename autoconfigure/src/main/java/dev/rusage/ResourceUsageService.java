package dev.rusage;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads what the process, its children or the calling thread has used, through
 * {@code getrusage(2)}, and the system's page size through {@code getpagesize()}.
 * <p>
 * Implementations are thread-safe. The {@code measure} methods tell what a block of code
 * cost the thread that ran it.
 *
 * @since 0.1.0
 */
public interface ResourceUsageService {

	/**
	 * Returns the resource usage of {@code who}.
	 * @param who whose usage to read
	 * @return a snapshot
	 * @throws ResourceUsageException if the system call fails
	 * @throws UnsupportedOperationException if the platform cannot report {@code who}
	 * (such as {@link Who#THREAD} on macOS, or on a virtual thread, where the kernel
	 * would report the carrier thread), or cannot call {@code getrusage} at all
	 * ({@link ResourceUsageUnavailableException})
	 */
	ResourceUsage getrusage(Who who);

	/**
	 * Returns the resource usage for a raw {@code RUSAGE_*} value, as Python's
	 * {@code resource.getrusage(who)} takes it.
	 * @param who {@code 0} (self), {@code -1} (children), {@code 1} (thread) or
	 * {@code -2} (both)
	 * @return a snapshot
	 * @throws IllegalArgumentException if {@code who} is not one of those values; the
	 * message names the bad value and the valid ones
	 * @see #getrusage(Who)
	 */
	default ResourceUsage getrusage(int who) {
		return getrusage(Who.of(who));
	}

	/**
	 * Returns the number of bytes in a system page, as {@code getpagesize()} does.
	 * @return the page size, bytes
	 * @throws ResourceUsageUnavailableException if the platform cannot be called
	 */
	int getpagesize();

	/**
	 * Returns the fields this platform never maintains (always 0), so that a real 0 can
	 * be told from "not counted".
	 * @return the unmaintained fields, in index order
	 */
	default Set<RusageField> unmaintainedFields() {
		return Set.of();
	}

	/**
	 * Returns whether this service can call the platform at all. When it cannot, every
	 * read throws {@link ResourceUsageUnavailableException} saying why.
	 * @return {@code true} if reads can succeed
	 */
	default boolean isAvailable() {
		return true;
	}

	/**
	 * Runs a block on the calling thread and returns what it cost that thread: the
	 * difference of {@link Who#THREAD} usage read just before and just after it, and the
	 * wall-clock time.
	 * <p>
	 * Only the calling thread is measured: work the block hands to other threads is not
	 * counted. {@code ru_maxrss} is not a difference but the peak as of the end of the
	 * block, and on Linux it is the whole process's peak even under {@link Who#THREAD}.
	 * @param task the block to run
	 * @return what the block cost, with a {@code null} result
	 * @throws IllegalStateException if called on a virtual thread, whose
	 * {@code RUSAGE_THREAD} usage would be that of the carrier thread it happens to run
	 * on; the block is not run
	 * @throws UnsupportedOperationException if the platform cannot report
	 * {@link Who#THREAD} (macOS), or cannot call {@code getrusage} at all
	 * ({@link ResourceUsageUnavailableException}); the block is not run
	 * @see #measure(Supplier)
	 * @see #measureCallable(Callable)
	 */
	default ResourceUsageMeasurement<Void> measure(Runnable task) {
		ResourceUsage before = startMeasurement();
		long startNanos = System.nanoTime();
		task.run();
		return finishMeasurement(before, startNanos, null);
	}

	/**
	 * Runs a block that returns a value on the calling thread and returns what it cost
	 * that thread, with the value. Works as {@link #measure(Runnable)} does; an exception
	 * from the block propagates unchanged and no measurement is returned.
	 * @param <T> the type of the value
	 * @param task the block to run
	 * @return what the block cost, with its value
	 * @throws IllegalStateException if called on a virtual thread; the block is not run
	 * @throws UnsupportedOperationException if the platform cannot report
	 * {@link Who#THREAD}, or cannot call {@code getrusage} at all; the block is not run
	 */
	default <T> ResourceUsageMeasurement<T> measure(Supplier<T> task) {
		ResourceUsage before = startMeasurement();
		long startNanos = System.nanoTime();
		T result = task.get();
		return finishMeasurement(before, startNanos, result);
	}

	/**
	 * Runs a {@link Callable} on the calling thread and returns what it cost that thread,
	 * with its value. Works as {@link #measure(Runnable)} does. Any exception from the
	 * callable, checked or not, propagates unchanged (it is not wrapped), and no
	 * measurement is returned. Named apart from {@code measure} so that a lambda that
	 * throws no checked exception resolves to {@link #measure(Supplier)}.
	 * @param <T> the type of the value
	 * @param task the block to run
	 * @return what the block cost, with its value
	 * @throws Exception whatever the callable throws
	 * @throws IllegalStateException if called on a virtual thread; the block is not run
	 * @throws UnsupportedOperationException if the platform cannot report
	 * {@link Who#THREAD}, or cannot call {@code getrusage} at all; the block is not run
	 */
	default <T> ResourceUsageMeasurement<T> measureCallable(Callable<T> task) throws Exception {
		ResourceUsage before = startMeasurement();
		long startNanos = System.nanoTime();
		T result = task.call();
		return finishMeasurement(before, startNanos, result);
	}

	private ResourceUsage startMeasurement() {
		Thread thread = Thread.currentThread();
		if (VirtualThreads.isVirtual(thread)) {
			throw new IllegalStateException("Cannot measure on virtual thread " + thread
					+ ": RUSAGE_THREAD would report its carrier thread, which other virtual threads share;"
					+ " run the block on a platform thread");
		}
		try {
			return getrusage(Who.THREAD);
		}
		catch (ResourceUsageUnavailableException ex) {
			throw ex;
		}
		catch (UnsupportedOperationException ex) {
			throw new UnsupportedOperationException(
					"Cannot measure a block: it needs RUSAGE_THREAD, which this platform lacks (" + ex.getMessage()
							+ ")",
					ex);
		}
	}

	private <T> ResourceUsageMeasurement<T> finishMeasurement(ResourceUsage before, long startNanos,
			@Nullable T result) {
		long wallNanos = System.nanoTime() - startNanos;
		ResourceUsage after = getrusage(Who.THREAD);
		return new ResourceUsageMeasurement<>(after.minus(before), Duration.ofNanos(wallNanos), result);
	}

}
