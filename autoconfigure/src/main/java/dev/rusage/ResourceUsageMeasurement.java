package dev.rusage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What running a block of code cost the thread that ran it, as returned by
 * {@link ResourceUsageService#measure(java.util.function.Supplier) measure}: the block's
 * result, its wall-clock time and, when the thread could be read before and after the
 * block, the difference of the two {@link Who#THREAD} snapshots.
 * <p>
 * A measurement is either <em>measured</em>, with {@link #usage()} present, or
 * <em>unmeasured</em>, with {@link #failure()} saying why (a virtual thread, a platform
 * without {@code RUSAGE_THREAD}, a failed read before or after the block). An unmeasured
 * measurement carries no usage at all, never zeros, so that a missing figure cannot be
 * mistaken for a real one.
 *
 * @param <T> the type of the block's result
 * @since 0.1.0
 */
public final class ResourceUsageMeasurement<T> {

	private final @Nullable T result;

	private final Duration wallTime;

	private final @Nullable ResourceUsage usage;

	private final @Nullable ResourceUsageException failure;

	private ResourceUsageMeasurement(@Nullable T result, Duration wallTime, @Nullable ResourceUsage usage,
			@Nullable ResourceUsageException failure) {
		this.result = result;
		this.wallTime = Objects.requireNonNull(wallTime, "'wallTime' must not be null");
		this.usage = usage;
		this.failure = failure;
	}

	/**
	 * Creates a measured measurement.
	 * @param <T> the type of the block's result
	 * @param result what the block returned
	 * @param wallTime the elapsed wall-clock time of the block
	 * @param usage the {@link Who#THREAD} usage during the block
	 * @return the measurement
	 */
	public static <T> ResourceUsageMeasurement<T> measured(@Nullable T result, Duration wallTime, ResourceUsage usage) {
		Objects.requireNonNull(usage, "'usage' must not be null");
		return new ResourceUsageMeasurement<>(result, wallTime, usage, null);
	}

	/**
	 * Creates an unmeasured measurement: the block ran, but its cost could not be read.
	 * @param <T> the type of the block's result
	 * @param result what the block returned
	 * @param wallTime the elapsed wall-clock time of the block
	 * @param failure why the cost could not be read
	 * @return the measurement
	 */
	public static <T> ResourceUsageMeasurement<T> unmeasured(@Nullable T result, Duration wallTime,
			ResourceUsageException failure) {
		Objects.requireNonNull(failure, "'failure' must not be null");
		return new ResourceUsageMeasurement<>(result, wallTime, null, failure);
	}

	/**
	 * Returns what the block returned, {@code null} for a {@link Runnable}.
	 * @return the result
	 */
	public @Nullable T result() {
		return this.result;
	}

	/**
	 * Returns the elapsed wall-clock time of the block, measured either way.
	 * @return the wall-clock time
	 */
	public Duration wallTime() {
		return this.wallTime;
	}

	/**
	 * Returns whether the block's cost was read.
	 * @return {@code true} if {@link #usage()} is present
	 */
	public boolean isMeasured() {
		return this.usage != null;
	}

	/**
	 * Returns the {@link Who#THREAD} usage during the block (see
	 * {@link ResourceUsage#minus(ResourceUsage)}), if it could be read. Its
	 * {@code ru_maxrss} is the <em>process-wide</em> peak on Linux, not a difference.
	 * @return the usage, or empty if the block was not measured
	 */
	public Optional<ResourceUsage> usage() {
		return Optional.ofNullable(this.usage);
	}

	/**
	 * Returns the CPU time the block used, user and system together, if it could be read.
	 * @return the CPU time, or empty if the block was not measured
	 */
	public Optional<Duration> cpuTime() {
		ResourceUsage usage = this.usage;
		return (usage != null) ? Optional.of(usage.userTime().plus(usage.systemTime())) : Optional.empty();
	}

	/**
	 * Returns why the block's cost could not be read.
	 * @return the failure, or empty if the block was measured
	 */
	public Optional<ResourceUsageException> failure() {
		return Optional.ofNullable(this.failure);
	}

	@Override
	public String toString() {
		return (this.usage != null)
				? "ResourceUsageMeasurement[wallTime=" + this.wallTime + ", usage=" + this.usage + "]"
				: "ResourceUsageMeasurement[wallTime=" + this.wallTime + ", unmeasured: " + this.failure.getMessage()
						+ "]";
	}

}
