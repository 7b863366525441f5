package dev.rusage.observation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageException;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.Who;

/**
 * {@link ObservationHandler} that tells what each observation cost the threads that ran
 * it: {@code getrusage(RUSAGE_THREAD)} is read when a scope of the observation opens on a
 * thread and again when it closes there, and the differences of all its scopes are added
 * up. So the work an asynchronous request does on other threads under its scopes is
 * counted, and the work an event-loop thread does for other requests between them is not.
 * <p>
 * When the observation stops, its figures are recorded as distribution summaries tagged
 * with its low-cardinality key values, the same tags as its timer:
 * <ul>
 * <li>{@code <name>.cpu.time}: seconds of CPU, user + system (Linux samples the split of
 * a thread's time between the two by ticks, but their sum is exact)</li>
 * <li>{@code <name>.page.faults} ({@code type=minor|major}),
 * {@code <name>.context.switches} ({@code type=voluntary|involuntary}) and
 * {@code <name>.block.operations} ({@code direction=in|out}), for the
 * {@link ObservedCounter counters} asked for</li>
 * </ul>
 * and as high-cardinality key values ({@value #CPU_TIME_KEY} in seconds, and
 * {@code rusage.page.faults.minor} and so on), which a tracing handler that runs after
 * this one puts on the observation's span.
 * <p>
 * An observation can stop while a scope of it is still open on another thread: Reactor
 * completes a request on a scheduler thread while the event loop has yet to leave the
 * scope it subscribed in. Such a scope cannot be read from the stopping thread, so the
 * observation is recorded when the last of them closes, by the thread that closes it. Its
 * meters are then complete, but its span has already ended without the key values.
 * <p>
 * What cannot be measured is never made up, and never fails the observed code: an
 * observation with a scope on a virtual thread, on a platform without
 * {@code RUSAGE_THREAD}, with a read that failed, or with no scope at all, records
 * nothing but one increment of {@value #SKIPPED}, tagged with the observation's name and
 * the reason.
 *
 * @since 0.1.0
 */
public class ResourceUsageObservationHandler implements ObservationHandler<Observation.Context> {

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
	 * Reason: the platform has no {@code RUSAGE_THREAD} (macOS).
	 */
	public static final String REASON_UNSUPPORTED = "thread-usage-unsupported";

	/**
	 * Reason: the platform cannot be called at all (the native library did not load).
	 */
	public static final String REASON_UNAVAILABLE = "unavailable";

	/**
	 * Reason: a {@code getrusage} call failed.
	 */
	public static final String REASON_READ_FAILED = "read-failed";

	/**
	 * Reason: no scope of the observation was opened, so no thread ran under it.
	 */
	public static final String REASON_NO_SCOPE = "no-scope";

	private static final String ACCOUNTING_KEY = ScopeAccounting.class.getName();

	private final ResourceUsageService resourceUsageService;

	private final MeterRegistry registry;

	private final @Nullable Set<String> names;

	private final Set<ObservedCounter> counters;

	private final Map<String, ObservationMeters> meters = new ConcurrentHashMap<>();

	private volatile boolean threadUsageSupported;

	/**
	 * Creates a handler that measures every observation by its CPU time.
	 * @param resourceUsageService the service that reads {@code RUSAGE_THREAD}
	 * @param registry where to record
	 */
	public ResourceUsageObservationHandler(ResourceUsageService resourceUsageService, MeterRegistry registry) {
		this(resourceUsageService, registry, null, EnumSet.noneOf(ObservedCounter.class));
	}

	/**
	 * Creates a handler.
	 * @param resourceUsageService the service that reads {@code RUSAGE_THREAD}
	 * @param registry where to record
	 * @param names the names of the observations to measure, or {@code null} for all
	 * @param counters the counters to record besides the CPU time; those the platform
	 * never maintains are left out
	 */
	public ResourceUsageObservationHandler(ResourceUsageService resourceUsageService, MeterRegistry registry,
			@Nullable Collection<String> names, Collection<ObservedCounter> counters) {
		this.resourceUsageService = resourceUsageService;
		this.registry = registry;
		this.names = (names != null) ? Set.copyOf(names) : null;
		this.counters = maintained(counters, resourceUsageService.unmaintainedFields());
		// created on a platform thread, this tells "no RUSAGE_THREAD here" from "a
		// virtual thread" when a thread cannot be measured later
		this.threadUsageSupported = resourceUsageService.isThreadMeasurable();
	}

	private static Set<ObservedCounter> maintained(Collection<ObservedCounter> counters,
			Set<RusageField> unmaintained) {
		Set<ObservedCounter> maintained = EnumSet.noneOf(ObservedCounter.class);
		for (ObservedCounter counter : counters) {
			boolean kept = switch (counter) {
				case PAGE_FAULTS -> !unmaintained.contains(RusageField.MINFLT);
				case CONTEXT_SWITCHES -> !unmaintained.contains(RusageField.NVCSW);
				case BLOCK_OPERATIONS -> !unmaintained.contains(RusageField.INBLOCK);
			};
			if (kept) {
				maintained.add(counter);
			}
		}
		return maintained;
	}

	/**
	 * Returns {@code true}: an observation's name is not known until it starts, so the
	 * names are matched in {@link #onStart}.
	 * @param context the observation's context
	 * @return {@code true}
	 */
	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		String name = context.getName();
		if (name != null && (this.names == null || this.names.contains(name))) {
			context.put(ACCOUNTING_KEY, new ScopeAccounting());
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		ScopeAccounting accounting = context.get(ACCOUNTING_KEY);
		if (accounting == null) {
			return;
		}
		Thread thread = Thread.currentThread();
		if (!accounting.needsStart(thread)) {
			return;
		}
		if (!this.resourceUsageService.isThreadMeasurable()) {
			accounting.skip(unmeasurableReason());
			return;
		}
		ResourceUsage start = read(accounting);
		if (start != null) {
			if (!this.threadUsageSupported) {
				// written once, not on every scope: a shared volatile field
				this.threadUsageSupported = true;
			}
			accounting.started(thread, start);
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		ScopeAccounting accounting = context.get(ACCOUNTING_KEY);
		if (accounting == null) {
			return;
		}
		ResourceUsage start = accounting.closing(Thread.currentThread());
		if (start != null && accounting.closed(start, read(accounting))) {
			record(context, accounting);
		}
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		ScopeAccounting accounting = context.get(ACCOUNTING_KEY);
		if (accounting != null && accounting.reset(Thread.currentThread())) {
			record(context, accounting);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		ScopeAccounting accounting = context.get(ACCOUNTING_KEY);
		if (accounting == null) {
			return;
		}
		ResourceUsage start = accounting.stop(Thread.currentThread());
		boolean ready = (start != null) ? accounting.closed(start, read(accounting)) : accounting.readyToRecord();
		if (ready) {
			record(context, accounting);
		}
	}

	private @Nullable ResourceUsage read(ScopeAccounting accounting) {
		try {
			return this.resourceUsageService.getrusage(Who.THREAD);
		}
		catch (ResourceUsageException ex) {
			accounting.skip(this.resourceUsageService.isAvailable() ? REASON_READ_FAILED : REASON_UNAVAILABLE);
			return null;
		}
	}

	private String unmeasurableReason() {
		if (!this.resourceUsageService.isAvailable()) {
			return REASON_UNAVAILABLE;
		}
		return this.threadUsageSupported ? REASON_VIRTUAL_THREAD : REASON_UNSUPPORTED;
	}

	private void record(Observation.Context context, ScopeAccounting accounting) {
		String name = context.getName();
		ObservationMeters meters = this.meters.computeIfAbsent(name,
				(key) -> new ObservationMeters(key, this.registry));
		String skipReason = accounting.skipReason();
		if (skipReason == null && accounting.measuredScopes() == 0) {
			skipReason = REASON_NO_SCOPE;
		}
		if (skipReason != null) {
			meters.skipped.withTags(Tags.of("observation", name, "reason", skipReason)).increment();
			return;
		}
		Tags tags = tags(context);
		long cpuMicros = accounting.cpuMicros();
		meters.cpuTime.withTags(tags).record(cpuMicros / 1_000_000.0);
		context.addHighCardinalityKeyValue(KeyValue.of(CPU_TIME_KEY, BigDecimal.valueOf(cpuMicros, 6).toPlainString()));
		for (ObservedCounter counter : this.counters) {
			Meter.MeterProvider<DistributionSummary> summary = meters.counter(counter);
			long first = accounting.first(counter);
			long second = accounting.second(counter);
			summary.withTags(tags.and(counter.tagKey(), counter.first())).record(first);
			summary.withTags(tags.and(counter.tagKey(), counter.second())).record(second);
			String key = "rusage." + counter.suffix() + ".";
			context.addHighCardinalityKeyValue(KeyValue.of(key + counter.first(), Long.toString(first)));
			context.addHighCardinalityKeyValue(KeyValue.of(key + counter.second(), Long.toString(second)));
		}
	}

	private static Tags tags(Observation.Context context) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return Tags.of(tags);
	}

	@Override
	public String toString() {
		return "ResourceUsageObservationHandler[names=" + ((this.names != null) ? this.names : "*") + ", counters="
				+ this.counters + "]";
	}

	/**
	 * The meters of the observations of one name.
	 */
	private static final class ObservationMeters {

		private final Meter.MeterProvider<DistributionSummary> cpuTime;

		private final Meter.MeterProvider<Counter> skipped;

		private final Map<ObservedCounter, Meter.MeterProvider<DistributionSummary>> counters = new ConcurrentHashMap<>();

		private final String name;

		private final MeterRegistry registry;

		ObservationMeters(String name, MeterRegistry registry) {
			this.name = name;
			this.registry = registry;
			this.cpuTime = DistributionSummary.builder(name + ".cpu.time")
				.baseUnit("seconds")
				.description("CPU time (user + system) of the threads that ran the observation, under its scopes")
				.withRegistry(registry);
			this.skipped = Counter.builder(SKIPPED)
				.description("Observations whose resource usage could not be measured, by reason")
				.withRegistry(registry);
		}

		Meter.MeterProvider<DistributionSummary> counter(ObservedCounter counter) {
			return this.counters.computeIfAbsent(counter,
					(key) -> DistributionSummary.builder(this.name + "." + key.suffix())
						.baseUnit(baseUnit(key))
						.description("getrusage " + key.suffix().replace('.', ' ')
								+ " of the threads that ran the observation, under its scopes")
						.withRegistry(this.registry));
		}

		private static String baseUnit(ObservedCounter counter) {
			return switch (counter) {
				case PAGE_FAULTS -> "faults";
				case CONTEXT_SWITCHES -> "switches";
				case BLOCK_OPERATIONS -> BaseUnits.OPERATIONS;
			};
		}

	}

}
