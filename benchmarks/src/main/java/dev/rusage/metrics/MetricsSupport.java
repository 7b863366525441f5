package dev.rusage.metrics;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import dev.rusage.ResourceUsageService;

/**
 * Access to the binder's package-private clock for the benchmarks, so that every scrape
 * in a loop can be a fresh one (as scrapes seconds apart are) rather than one served from
 * the previous snapshot.
 */
public final class MetricsSupport {

	private MetricsSupport() {
	}

	/**
	 * Creates the binder with the default snapshot time to live and the given clock.
	 * @param service the service
	 * @param nanoClock the clock, in nanoseconds
	 * @return the binder
	 */
	public static ResourceUsageMetrics withClock(ResourceUsageService service, LongSupplier nanoClock) {
		return new ResourceUsageMetrics(service, List.of(),
				Duration.ofMillis(ResourceUsageMetrics.SNAPSHOT_TIME_TO_LIVE_MILLIS), nanoClock);
	}

}
