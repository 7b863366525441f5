package dev.rusage.observation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageException;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.metrics.MeterConvention;

/**
 * Tells what each observation cost the threads that ran it: the thread's CPU clock is
 * read when a scope of the observation opens on a thread and again when it closes there,
 * and the differences of all its scopes are added up. So the work an asynchronous request
 * does on other threads under its scopes is counted, and the work an event-loop thread
 * does for other requests between them is not. When {@link ObservedCounter counters} are
 * asked for, {@code getrusage(RUSAGE_THREAD)} is read at the same edges.
 * <p>
 * When the observation stops, its figures are recorded as distribution summaries tagged
 * exactly as its timer is (its low-cardinality key values and {@code error}):
 * <ul>
 * <li>{@code <name>.cpu.time}: seconds of CPU, user + system</li>
 * <li>{@code <name>.page.faults} ({@code type=minor|major}),
 * {@code <name>.context.switches} ({@code type=voluntary|involuntary}) and
 * {@code <name>.block.operations} ({@code direction=in|out}), for the counters asked
 * for</li>
 * </ul>
 * Under {@link MeterConvention#OPEN_TELEMETRY OpenTelemetry's names} the prefix drops the
 * {@code .duration} of the observation's name ({@code http.server.request.duration} gives
 * {@code http.server.request.cpu.time}) and the counters are spelled as OpenTelemetry's
 * process metrics are ({@code <prefix>.paging.faults} tagged
 * {@code system.paging.fault.type}, and so on; see {@link ObservedCounter}).
 * <p>
 * With span attributes on, the figures are also added as high-cardinality key values
 * ({@value #CPU_TIME_KEY} in seconds, {@code rusage.page.faults.minor} and so on), which
 * a tracing handler puts on the observation's span. They are added by this class in its
 * role of {@link ObservationFilter}, which Micrometer applies when an observation stops
 * and before any handler hears of the stop, so the tracing handler sees them whatever the
 * order of the handlers. Spring Boot registers a bean that is both a handler and a filter
 * in both roles; elsewhere register it with
 * {@code observationConfig().observationHandler(handler).observationFilter(handler)}.
 * Without the filter role the figures are recorded when the handler hears of the stop.
 * <p>
 * An observation can stop while a scope of it is still open on another thread: Reactor
 * completes a request on a scheduler thread while the event loop has yet to leave the
 * scope it subscribed in. Such a scope cannot be read from the stopping thread, so the
 * observation is recorded when the last of them closes, by the thread that closes it. Its
 * meters are then complete, but its span has already ended without the key values. An
 * observation that is stopped more than once is recorded once: at the first stop that the
 * {@linkplain Builder#stopsAgain(Predicate) stops-again test} does not hold for.
 * <p>
 * What cannot be measured is never made up, and never fails the observed code: an
 * observation with a scope on a virtual thread, on a JVM that cannot read a thread's CPU
 * time, with a counters' read that failed, or with no scope at all, records nothing but
 * one increment of {@value #SKIPPED}, tagged with the observation's name and the reason.
 * The first skip of each reason is logged, with what to do about it.
 *
 * @since 0.1.0
 */
public class ResourceUsageObservationHandler implements ObservationHandler<Observation.Context>, ObservationFilter {

	/**
	 * Name of the counter of observations that could not be measured, tagged
	 * {@code observation} (its name) and {@code reason}.
	 */
	public static final String SKIPPED = "rusage.observation.skipped";

	/**
	 * Key of the high-cardinality key value that holds the CPU time, in seconds.
	 */
	public static final String CPU_TIME_KEY = "rusage.cpu.time";

	/**
	 * Reason: a scope opened on a virtual thread, whose kernel thread is a carrier that
	 * other virtual threads share.
	 */
	public static final String REASON_VIRTUAL_THREAD = "virtual-thread";

	/**
	 * Reason: the JVM cannot read the CPU time of the thread that opened a scope.
	 */
	public static final String REASON_UNSUPPORTED = "thread-usage-unsupported";

	/**
	 * Reason: a {@code getrusage} call for the counters failed.
	 */
	public static final String REASON_READ_FAILED = "read-failed";

	/**
	 * Reason: no scope of the observation was opened, so no thread ran under it.
	 */
	public static final String REASON_NO_SCOPE = "no-scope";

	private static final Log logger = LogFactory.getLog(ResourceUsageObservationHandler.class);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final ResourceUsageService resourceUsageService;

	private final MeterRegistry registry;

	private final Predicate<Observation.Context> measured;

	private final Predicate<Observation.Context> stopsAgain;

	private final ObservedCounter[] counters;

	private final MeterConvention convention;

	private final boolean spanAttributes;

	private final Map<String, ObservationMeters> meters = new ConcurrentHashMap<>();

	private final BiConsumer<String, String> firstSkip = this::firstSkip;

	private volatile boolean readsFailing;

	/**
	 * Creates a handler that measures every observation by its CPU time, with
	 * Micrometer's names and span attributes on.
	 * @param resourceUsageService the service that reads {@code RUSAGE_THREAD} for
	 * counters and tells why a thread cannot be read
	 * @param registry where to record
	 */
	public ResourceUsageObservationHandler(ResourceUsageService resourceUsageService, MeterRegistry registry) {
		this(builder(resourceUsageService, registry));
	}

	private ResourceUsageObservationHandler(Builder builder) {
		this.resourceUsageService = builder.resourceUsageService;
		this.registry = builder.registry;
		this.measured = builder.measured;
		this.stopsAgain = builder.stopsAgain;
		this.counters = maintained(builder.counters, this.resourceUsageService);
		this.convention = builder.convention;
		this.spanAttributes = builder.spanAttributes;
		this.registry.config().onMeterRemoved(this::forgetRemoved);
	}

	/**
	 * Returns a builder of a handler.
	 * @param resourceUsageService the service that reads {@code RUSAGE_THREAD} for
	 * counters and tells why a thread cannot be read
	 * @param registry where to record
	 * @return a builder
	 */
	public static Builder builder(ResourceUsageService resourceUsageService, MeterRegistry registry) {
		return new Builder(resourceUsageService, registry);
	}

	private static ObservedCounter[] maintained(Set<ObservedCounter> counters, ResourceUsageService service) {
		if (counters.isEmpty()) {
			return new ObservedCounter[0];
		}
		if (!service.isThreadUsageSupported()) {
			logger.warn("rusage.observation counters " + counters + " are not recorded: "
					+ (service.isAvailable() ? "this platform has no RUSAGE_THREAD" : "getrusage cannot be called here")
					+ "; the CPU time of each observation still is");
			return new ObservedCounter[0];
		}
		return counters.stream()
			.filter((counter) -> !service.unmaintainedFields().contains(counter.firstField()))
			.toArray(ObservedCounter[]::new);
	}

	/**
	 * Returns {@code true}: which observations are measured is decided in
	 * {@link #onStart}, once the observation's name is known.
	 * @param context the observation's context
	 * @return {@code true}
	 */
	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (context.getName() != null && this.measured.test(context)) {
			context.put(ScopeAccounting.class, new ScopeAccounting());
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		ScopeAccounting accounting = context.get(ScopeAccounting.class);
		if (accounting == null) {
			return;
		}
		Thread thread = Thread.currentThread();
		if (!accounting.needsStart(thread)) {
			return;
		}
		// one clock_gettime(CLOCK_THREAD_CPUTIME_ID): current to the nanosecond, and it
		// brings the kernel's count of the thread's runtime up to date for RUSAGE_THREAD
		long nanos = threadCpuNanos();
		if (nanos < 0) {
			accounting.skip(unreadableThreadReason());
			return;
		}
		ResourceUsage usage = null;
		if (this.counters.length > 0) {
			usage = readCounters(accounting);
			if (usage == null) {
				return;
			}
		}
		accounting.started(thread, nanos, usage);
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		ScopeAccounting accounting = context.get(ScopeAccounting.class);
		if (accounting == null) {
			return;
		}
		Thread thread = Thread.currentThread();
		if (accounting.closing(thread) && closeScope(accounting, thread)) {
			record(context, accounting);
		}
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		ScopeAccounting accounting = context.get(ScopeAccounting.class);
		if (accounting != null && accounting.reset(Thread.currentThread())) {
			record(context, accounting);
		}
	}

	/**
	 * Takes the observation's last readings when it stops, records its meters if no scope
	 * of it is open on another thread, and adds its figures to the context for the
	 * tracing handler.
	 * @param context the context of the observation that stops
	 * @return the same context
	 */
	@Override
	public Observation.Context map(Observation.Context context) {
		stopped(context);
		return context;
	}

	@Override
	public void onStop(Observation.Context context) {
		// a no-op when the filter role already took this stop
		stopped(context);
	}

	private void stopped(Observation.Context context) {
		ScopeAccounting accounting = context.get(ScopeAccounting.class);
		if (accounting == null || accounting.isRecorded() || this.stopsAgain.test(context)) {
			return;
		}
		Thread thread = Thread.currentThread();
		boolean ready = switch (accounting.stop(thread)) {
			case READ_SCOPE -> closeScope(accounting, thread);
			case RECORD -> true;
			case NOTHING -> false;
		};
		if (ready) {
			record(context, accounting);
		}
	}

	// the calling thread's CPU time, or -1 where the JVM cannot read it (a virtual
	// thread)
	private static long threadCpuNanos() {
		try {
			return THREADS.getCurrentThreadCpuTime();
		}
		catch (UnsupportedOperationException ex) {
			return -1;
		}
	}

	private boolean closeScope(ScopeAccounting accounting, Thread thread) {
		long nanos = threadCpuNanos();
		ResourceUsage usage = (this.counters.length > 0 && nanos >= 0) ? readCounters(accounting) : null;
		return accounting.closed(thread, nanos, usage, this.counters);
	}

	private @Nullable ResourceUsage readCounters(ScopeAccounting accounting) {
		try {
			ResourceUsage usage = this.resourceUsageService.getrusage(Who.THREAD);
			if (this.readsFailing) {
				this.readsFailing = false;
				logger.info("getrusage(RUSAGE_THREAD) succeeds again: the observations' counters are recorded again");
			}
			return usage;
		}
		catch (ResourceUsageException ex) {
			accounting.skip(REASON_READ_FAILED);
			if (!this.readsFailing) {
				this.readsFailing = true;
				logger.warn("The observations' counters cannot be read, " + ex.getMessage() + ": observations are not"
						+ " measured while it fails, and each is counted in " + SKIPPED + "{reason=\""
						+ REASON_READ_FAILED + "\"}; one line is logged when it succeeds again");
			}
			return null;
		}
	}

	// the JVM reads thread CPU time here, yet not this thread's: a virtual thread
	private static String unreadableThreadReason() {
		return (THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) ? REASON_VIRTUAL_THREAD
				: REASON_UNSUPPORTED;
	}

	private void record(Observation.Context context, ScopeAccounting accounting) {
		String name = context.getName();
		String skipReason = accounting.skipReason();
		if (skipReason == null && !accounting.measured()) {
			skipReason = REASON_NO_SCOPE;
		}
		ObservationMeters observationMeters = this.meters.get(name);
		if (observationMeters == null) {
			observationMeters = this.meters.computeIfAbsent(name,
					(key) -> new ObservationMeters(this.registry, key, this.counters, this.convention));
		}
		if (skipReason != null) {
			observationMeters.skipped(skipReason, this.firstSkip).increment();
			return;
		}
		Throwable error = context.getError();
		ObservationMeters.Recorders recorders = observationMeters.recorders(context.getLowCardinalityKeyValues(),
				(error != null) ? error.getClass().getSimpleName() : "none");
		// to the microsecond, as the span's key value and getrusage give it
		long cpuMicros = accounting.cpuNanos() / 1_000;
		recorders.cpuTime().record(cpuMicros / 1e6);
		for (int i = 0; i < this.counters.length; i++) {
			recorders.counters()[2 * i].record(accounting.first(i));
			recorders.counters()[2 * i + 1].record(accounting.second(i));
		}
		if (this.spanAttributes) {
			context.addHighCardinalityKeyValue(KeyValue.of(CPU_TIME_KEY, seconds(cpuMicros)));
			for (int i = 0; i < this.counters.length; i++) {
				ObservedCounter.Naming naming = this.counters[i].naming(this.convention);
				context.addHighCardinalityKeyValue(KeyValue.of(naming.firstKey(), Long.toString(accounting.first(i))));
				context
					.addHighCardinalityKeyValue(KeyValue.of(naming.secondKey(), Long.toString(accounting.second(i))));
			}
		}
	}

	private void firstSkip(String name, String reason) {
		logger.warn("Observation '" + name + "' is not measured (" + reason + "): " + advice(reason)
				+ " Each is counted in " + SKIPPED + "; this is logged once.");
	}

	private static String advice(String reason) {
		return switch (reason) {
			case REASON_VIRTUAL_THREAD -> "it ran on a virtual thread, whose CPU time the JVM cannot read"
					+ " (its kernel thread is a carrier that other virtual threads share); run it on a platform"
					+ " thread (spring.threads.virtual.enabled=false) to measure it.";
			case REASON_NO_SCOPE -> "no scope of it was opened, so no thread ran under it. A WebFlux application"
					+ " opens the request's scope with spring.reactor.context-propagation=auto and"
					+ " io.micrometer:context-propagation on the class path (the starter brings it).";
			case REASON_UNSUPPORTED -> "this JVM cannot read the thread's CPU time"
					+ " (ThreadMXBean.isCurrentThreadCpuTimeSupported/isThreadCpuTimeEnabled).";
			default -> "a getrusage(RUSAGE_THREAD) read failed.";
		};
	}

	// seconds with microsecond precision, as the endpoint and Python give them
	static String seconds(long micros) {
		String fraction = Long.toString(1_000_000 + micros % 1_000_000);
		return (micros / 1_000_000) + "." + fraction.substring(1);
	}

	private void forgetRemoved(Meter meter) {
		String removed = meter.getId().getName();
		for (ObservationMeters observationMeters : this.meters.values()) {
			if (observationMeters.owns(removed)) {
				observationMeters.forget();
			}
		}
	}

	@Override
	public String toString() {
		return "ResourceUsageObservationHandler[counters=" + Arrays.toString(this.counters) + ", convention="
				+ this.convention + "]";
	}

	/**
	 * Builds a {@link ResourceUsageObservationHandler}.
	 */
	public static final class Builder {

		private final ResourceUsageService resourceUsageService;

		private final MeterRegistry registry;

		private Predicate<Observation.Context> measured = (context) -> true;

		private Predicate<Observation.Context> stopsAgain = (context) -> false;

		private Set<ObservedCounter> counters = EnumSet.noneOf(ObservedCounter.class);

		private MeterConvention convention = MeterConvention.MICROMETER;

		private boolean spanAttributes = true;

		private Builder(ResourceUsageService resourceUsageService, MeterRegistry registry) {
			this.resourceUsageService = resourceUsageService;
			this.registry = registry;
		}

		/**
		 * Sets which observations are measured, tested when each starts (default: all).
		 * @param measured whether an observation is measured
		 * @return this builder
		 */
		public Builder observations(Predicate<Observation.Context> measured) {
			this.measured = measured;
			return this;
		}

		/**
		 * Sets the counters recorded besides the CPU time (default: none). Those the
		 * platform never maintains, or cannot read per thread, are left out.
		 * @param counters the counters
		 * @return this builder
		 */
		public Builder counters(Collection<ObservedCounter> counters) {
			this.counters = counters.isEmpty() ? EnumSet.noneOf(ObservedCounter.class) : EnumSet.copyOf(counters);
			return this;
		}

		/**
		 * Sets the naming convention of the meters (default: Micrometer's).
		 * @param convention the convention
		 * @return this builder
		 */
		public Builder convention(MeterConvention convention) {
			this.convention = convention;
			return this;
		}

		/**
		 * Sets whether the figures are added to the observation as high-cardinality key
		 * values, for a tracing handler to put on the span (default: {@code true}).
		 * @param spanAttributes whether to add them
		 * @return this builder
		 */
		public Builder spanAttributes(boolean spanAttributes) {
			this.spanAttributes = spanAttributes;
			return this;
		}

		/**
		 * Sets a test of a stopping observation that holds when it will be stopped again
		 * later, as Spring MVC stops an asynchronous request whose async processing times
		 * out, and then again with the response the client gets. Such a stop is not
		 * recorded, and the observation's scopes go on being counted (default: never).
		 * @param stopsAgain whether a stop will be followed by another
		 * @return this builder
		 */
		public Builder stopsAgain(Predicate<Observation.Context> stopsAgain) {
			this.stopsAgain = stopsAgain;
			return this;
		}

		/**
		 * Builds the handler.
		 * @return the handler
		 */
		public ResourceUsageObservationHandler build() {
			return new ResourceUsageObservationHandler(this);
		}

	}

}
