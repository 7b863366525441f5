package dev.rusage;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads what the process, its children or the calling thread has used, through
 * {@code getrusage(2)}, and the system's page size through {@code getpagesize()}.
 * <p>
 * Implementations are thread-safe. Every failure is a {@link ResourceUsageException}. The
 * {@code measure} methods tell what a block of code cost the thread that ran it, and
 * never let a failure to read break the block.
 *
 * @since 0.1.0
 */
public interface ResourceUsageService {

	/**
	 * Returns the resource usage of {@code who}.
	 * @param who whose usage to read
	 * @return a snapshot
	 * @throws GetrusageFailedException if the system call fails or writes impossible
	 * values
	 * @throws UnmeasurableThreadException if {@code who} is {@link Who#THREAD} and the
	 * calling thread cannot be read here (macOS; a virtual thread)
	 * @throws ResourceUsageUnavailableException if the platform cannot be called at all
	 */
	ResourceUsage getrusage(Who who);

	/**
	 * Returns the resource usage for a raw {@code RUSAGE_*} value, as Python's
	 * {@code resource.getrusage(who)} takes it.
	 * @param who {@code 0} ({@code RUSAGE_SELF}), {@code -1} ({@code RUSAGE_CHILDREN}),
	 * {@code 1} ({@code RUSAGE_THREAD}) or {@code -2} ({@code RUSAGE_BOTH})
	 * @return a snapshot
	 * @throws IllegalArgumentException if {@code who} is not one of those values; the
	 * message names the bad value and the valid ones
	 * @throws ResourceUsageException as {@link #getrusage(Who)} does
	 */
	ResourceUsage getrusage(int who);

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
	 * Returns whether this platform has {@code RUSAGE_THREAD} at all: {@code true} on
	 * Linux, {@code false} on macOS and when the service is {@linkplain #isAvailable()
	 * unavailable}. The answer is the same on every thread and never changes.
	 * @return {@code true} if {@link Who#THREAD} can be read on some thread
	 * @see #isThreadMeasurable()
	 */
	default boolean isThreadUsageSupported() {
		return isAvailable();
	}

	/**
	 * Returns whether a {@link Who#THREAD} read on the calling thread would succeed:
	 * {@link #isThreadUsageSupported()} and the caller is not a virtual thread (the
	 * kernel would report the carrier thread, which other virtual threads share). Cheaper
	 * than a read that fails.
	 * @return {@code true} if a {@link Who#THREAD} read on this thread would not throw
	 * {@link UnmeasurableThreadException} or {@link ResourceUsageUnavailableException}
	 */
	default boolean isThreadMeasurable() {
		return isThreadUsageSupported() && !VirtualThreads.isVirtual(Thread.currentThread());
	}

	/**
	 * Returns the name of the native binding that makes the calls, such as {@code "ffm"}
	 * ({@code java.lang.foreign}) or {@code "jna"}.
	 * @return the binding's name, or {@code null} if the service calls no binding of this
	 * library
	 */
	default @Nullable String binding() {
		return null;
	}

	/**
	 * Runs a block on the calling thread and tells what it cost that thread: the
	 * difference of {@link Who#THREAD} usage read just before and just after it, and the
	 * wall-clock time.
	 * <p>
	 * The block always runs, and only its own exceptions propagate. When the thread
	 * cannot be read (a virtual thread, macOS, an unavailable platform) or a read before
	 * or after the block fails, the measurement is
	 * {@linkplain ResourceUsageMeasurement#isMeasured() unmeasured} and says why; it
	 * never holds made-up numbers.
	 * <p>
	 * Only the calling thread is measured: work the block hands to other threads is not
	 * counted. {@code ru_maxrss} is not a difference but the peak as of the end of the
	 * block, and on Linux it is the whole process's peak even under {@link Who#THREAD}.
	 * @param task the block to run
	 * @return what the block cost, with a {@code null} result
	 * @see #measure(Supplier)
	 * @see #measureCallable(Callable)
	 */
	default ResourceUsageMeasurement<Void> measure(Runnable task) {
		MeasurementStart start = MeasurementStart.begin(this);
		task.run();
		return start.end(null);
	}

	/**
	 * Runs a block that returns a value on the calling thread and tells what it cost that
	 * thread, with the value. Works as {@link #measure(Runnable)} does: the block always
	 * runs, an exception from it propagates unchanged, and a failure to read makes the
	 * measurement unmeasured rather than failing.
	 * @param <T> the type of the value
	 * @param task the block to run
	 * @return what the block cost, with its value
	 */
	default <T> ResourceUsageMeasurement<T> measure(Supplier<T> task) {
		MeasurementStart start = MeasurementStart.begin(this);
		T result = task.get();
		return start.end(result);
	}

	/**
	 * Runs a {@link Callable} on the calling thread and tells what it cost that thread,
	 * with its value. Works as {@link #measure(Runnable)} does. Any exception from the
	 * callable, checked or not, propagates unchanged (it is not wrapped). Named apart
	 * from {@code measure} so that a lambda that throws no checked exception resolves to
	 * {@link #measure(Supplier)}.
	 * @param <T> the type of the value
	 * @param task the block to run
	 * @return what the block cost, with its value
	 * @throws Exception whatever the callable throws
	 */
	default <T> ResourceUsageMeasurement<T> measureCallable(Callable<T> task) throws Exception {
		MeasurementStart start = MeasurementStart.begin(this);
		T result = task.call();
		return start.end(result);
	}

}
