package dev.rusage.benchmarks.bare;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * The floor of per-request CPU accounting, a reference for the benchmarks: reads the
 * calling thread's CPU clock ({@link ThreadMXBean#getCurrentThreadCpuTime()}, one
 * {@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)}) when an observation's scope opens and
 * when it closes, and keeps the two values in a holder in the observation's context. It
 * records no meter: it only sums, at stop, the observations it measured and their CPU
 * time into two plain fields that {@link BareClockAutoConfiguration} shows as gauges, so
 * that a run can check that it ran. The sums are not atomic; they are a sign of life, not
 * a figure.
 *
 * @since 0.1.0
 */
public final class BareClockObservationHandler implements ObservationHandler<Observation.Context> {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final String name;

	private long observations;

	private long cpuNanos;

	/**
	 * Creates a handler that measures the observations of one name.
	 * @param name the observation's name, such as {@code http.server.requests}
	 */
	public BareClockObservationHandler(String name) {
		this.name = name;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (this.name.equals(context.getName())) {
			context.put(Clock.class, new Clock());
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		Clock clock = context.get(Clock.class);
		if (clock != null) {
			clock.start = THREADS.getCurrentThreadCpuTime();
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		Clock clock = context.get(Clock.class);
		if (clock != null) {
			clock.end = THREADS.getCurrentThreadCpuTime();
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		Clock clock = context.get(Clock.class);
		if (clock != null) {
			this.observations++;
			this.cpuNanos += clock.end - clock.start;
		}
	}

	/**
	 * Returns how many observations this handler saw stop, about.
	 * @return the number of observations
	 */
	public long observations() {
		return this.observations;
	}

	/**
	 * Returns the CPU time between their scopes' edges, summed, about.
	 * @return nanoseconds
	 */
	public long cpuNanos() {
		return this.cpuNanos;
	}

	@Override
	public String toString() {
		return "BareClockObservationHandler[" + this.name + "]";
	}

	/**
	 * The two clock readings of one observation.
	 */
	private static final class Clock {

		private long start;

		private long end;

	}

}
