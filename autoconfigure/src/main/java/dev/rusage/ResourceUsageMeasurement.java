package dev.rusage;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What running a block of code cost the thread that ran it, as returned by
 * {@link ResourceUsageService#measure(java.util.function.Supplier) measure}: the
 * difference of two {@link Who#THREAD} snapshots, the wall-clock time and the block's
 * result.
 *
 * @param <T> the type of the block's result
 * @param usage the {@link Who#THREAD} usage during the block (see
 * {@link ResourceUsage#minus(ResourceUsage)}); its {@code ru_maxrss} is the
 * <em>process-wide</em> peak on Linux, not a difference
 * @param wallTime the elapsed wall-clock time of the block
 * @param result what the block returned, {@code null} for a {@link Runnable}
 * @since 0.1.0
 */
public record ResourceUsageMeasurement<T>(ResourceUsage usage, Duration wallTime, @Nullable T result) {

	/**
	 * Creates a measurement.
	 * @param usage the {@link Who#THREAD} usage during the block
	 * @param wallTime the elapsed wall-clock time of the block
	 * @param result what the block returned, {@code null} for a {@link Runnable}
	 */
	public ResourceUsageMeasurement {
		Objects.requireNonNull(usage, "'usage' must not be null");
		Objects.requireNonNull(wallTime, "'wallTime' must not be null");
	}

	/**
	 * Returns the CPU time the block used, user and system together.
	 * @return the CPU time
	 */
	public Duration cpuTime() {
		return this.usage.userTime().plus(this.usage.systemTime());
	}

}
