package dev.rusage;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The state of a measurement between the read before a block and the read after it. Reads
 * never throw out of here: a failure becomes an unmeasured measurement.
 */
final class MeasurementStart {

	private final ResourceUsageService service;

	private final @Nullable ResourceUsage before;

	private final @Nullable ResourceUsageException failure;

	private final long startNanos;

	private MeasurementStart(ResourceUsageService service, @Nullable ResourceUsage before,
			@Nullable ResourceUsageException failure) {
		this.service = service;
		this.before = before;
		this.failure = failure;
		this.startNanos = System.nanoTime();
	}

	static MeasurementStart begin(ResourceUsageService service) {
		try {
			return new MeasurementStart(service, service.getrusage(Who.THREAD), null);
		}
		catch (RuntimeException ex) {
			return new MeasurementStart(service, null, asResourceUsageException(ex));
		}
	}

	<T> ResourceUsageMeasurement<T> end(@Nullable T result) {
		Duration wallTime = Duration.ofNanos(System.nanoTime() - this.startNanos);
		ResourceUsage before = this.before;
		if (before == null) {
			return ResourceUsageMeasurement.unmeasured(result, wallTime, this.failure);
		}
		try {
			return ResourceUsageMeasurement.measured(result, wallTime,
					this.service.getrusage(Who.THREAD).minus(before));
		}
		catch (RuntimeException ex) {
			return ResourceUsageMeasurement.unmeasured(result, wallTime, asResourceUsageException(ex));
		}
	}

	private static ResourceUsageException asResourceUsageException(RuntimeException ex) {
		return (ex instanceof ResourceUsageException resourceUsageException) ? resourceUsageException
				: new ResourceUsageException("Reading RUSAGE_THREAD failed: " + ex, ex);
	}

}
