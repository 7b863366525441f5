package dev.rusage.metrics;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.Who;

/**
 * {@link MeterBinder} for the resource usage of the process and of its children, as
 * {@code getrusage(2)} reports it. Under {@link MeterConvention#MICROMETER Micrometer's
 * convention} (the default) each meter is registered twice, tagged {@code who=self} and
 * {@code who=children}:
 * <ul>
 * <li>{@value #CPU_TIME}: function counter, seconds, tagged {@code mode=user} or
 * {@code mode=system} ({@code ru_utime}, {@code ru_stime})</li>
 * <li>{@value #MAX_RSS}: gauge, bytes, the peak resident set size
 * ({@code ru_maxrss})</li>
 * <li>{@value #PAGE_FAULTS}: function counter, tagged {@code type=minor} or
 * {@code type=major} ({@code ru_minflt}, {@code ru_majflt})</li>
 * <li>{@value #CONTEXT_SWITCHES}: function counter, tagged {@code type=voluntary} or
 * {@code type=involuntary} ({@code ru_nvcsw}, {@code ru_nivcsw})</li>
 * <li>{@value #BLOCK_OPERATIONS}: function counter, tagged {@code direction=in} or
 * {@code direction=out} ({@code ru_inblock}, {@code ru_oublock})</li>
 * </ul>
 * Under {@link MeterConvention#OPEN_TELEMETRY OpenTelemetry's semantic conventions}
 * (v1.44) the counters of {@code who=self} take the convention's names and attributes,
 * without a {@code who} tag: {@value #OTEL_CPU_TIME} ({@code cpu.mode=user|system}),
 * {@value #OTEL_PAGING_FAULTS} ({@code system.paging.fault.type=minor|major}),
 * {@value #OTEL_CONTEXT_SWITCHES}
 * ({@code process.context_switch.type=voluntary|involuntary}) and
 * {@value #OTEL_DISK_OPERATIONS} ({@code disk.io.direction=read|write}). The conventions
 * have no peak resident set size and nothing for the children, so {@value #MAX_RSS} and
 * every {@code who=children} meter keep the names above. Each base unit is chosen so that
 * Prometheus' names are those of OpenTelemetry's Prometheus translation, such as
 * {@code process_cpu_time_seconds_total}. A name of the conventions that the registry
 * already holds when the meters are bound (OSHI's {@code oshi-metrics} registers
 * {@code process.cpu.time}, {@code process.paging.faults} and
 * {@code process.context_switches}; Micrometer's {@code ProcessorMetrics}, under its own
 * convention, {@code process.cpu.time} in nanoseconds) is left to the meters already
 * there, with one log line: two meters of one name would be summed by
 * {@code /actuator/metrics} and may drop out of a Prometheus scrape.
 * <p>
 * A field the platform never maintains gets no meter, and a service that cannot call the
 * platform at all gets none. Micrometer's own {@code process.cpu.time} is left alone.
 * <p>
 * All meters read one shared snapshot, which holds both {@code who}s, read one after the
 * other. It is reused until its time to live (500 ms unless given) has passed since its
 * read completed, on the registry's {@link Clock#monotonicTime() clock}; then the next
 * meter read makes one {@code getrusage} call per {@code who}, and meters read meanwhile,
 * on any thread, wait for that read and use its result. So one scrape makes one native
 * call per {@code who} and sees the same values in every meter however long the calls
 * take, and concurrent scrapes share the calls, while scrapes further apart than the time
 * to live see fresh values.
 * <p>
 * A read that fails yields {@code NaN} for every meter of that {@code who} until a read
 * succeeds; one warning is logged when the reads of a {@code who} start failing, and one
 * line when they succeed again. A value below zero, which no usage can have, yields
 * {@code NaN} too, and a counter never reports less than it reported before, so a
 * Prometheus scrape never sees a negative or decreasing counter.
 *
 * @since 0.1.0
 */
public class ResourceUsageMetrics implements MeterBinder {

	/** Name of the CPU time counters, in seconds, tagged by {@code mode}. */
	public static final String CPU_TIME = "process.rusage.cpu.time";

	/** Name of the peak resident set size gauge, in bytes. */
	public static final String MAX_RSS = "process.rusage.max.rss";

	/** Name of the page fault counters, tagged by {@code type}. */
	public static final String PAGE_FAULTS = "process.rusage.page.faults";

	/** Name of the context switch counters, tagged by {@code type}. */
	public static final String CONTEXT_SWITCHES = "process.rusage.context.switches";

	/** Name of the block operation counters, tagged by {@code direction}. */
	public static final String BLOCK_OPERATIONS = "process.rusage.block.operations";

	/**
	 * OpenTelemetry's name of the process' CPU time counters, in seconds, tagged by
	 * {@code cpu.mode}.
	 */
	public static final String OTEL_CPU_TIME = "process.cpu.time";

	/**
	 * OpenTelemetry's name of the process' page fault counters, tagged by
	 * {@code system.paging.fault.type}.
	 */
	public static final String OTEL_PAGING_FAULTS = "process.paging.faults";

	/**
	 * OpenTelemetry's name of the process' context switch counters, tagged by
	 * {@code process.context_switch.type}.
	 */
	public static final String OTEL_CONTEXT_SWITCHES = "process.context_switches";

	/**
	 * OpenTelemetry's name of the process' disk operation counters, tagged by
	 * {@code disk.io.direction}.
	 */
	public static final String OTEL_DISK_OPERATIONS = "process.disk.operations";

	private static final Log logger = LogFactory.getLog(ResourceUsageMetrics.class);

	private static final Duration DEFAULT_SNAPSHOT_TIME_TO_LIVE = Duration.ofMillis(500);

	private static final Who[] WHOS = { Who.SELF, Who.CHILDREN };

	private final ResourceUsageService service;

	private final MeterConvention convention;

	private final Iterable<Tag> tags;

	private final long timeToLiveNanos;

	/**
	 * Creates a binder that reads through the given service, with Micrometer's names.
	 * @param service the service
	 */
	public ResourceUsageMetrics(ResourceUsageService service) {
		this(service, Collections.emptyList());
	}

	/**
	 * Creates a binder that reads through the given service and names its meters by the
	 * given convention.
	 * @param service the service
	 * @param convention the naming convention
	 */
	public ResourceUsageMetrics(ResourceUsageService service, MeterConvention convention) {
		this(service, convention, Collections.emptyList(), DEFAULT_SNAPSHOT_TIME_TO_LIVE);
	}

	/**
	 * Creates a binder that reads through the given service and adds tags to every meter,
	 * with Micrometer's names.
	 * @param service the service
	 * @param tags tags added to every meter
	 */
	public ResourceUsageMetrics(ResourceUsageService service, Iterable<Tag> tags) {
		this(service, tags, DEFAULT_SNAPSHOT_TIME_TO_LIVE);
	}

	/**
	 * Creates a binder that reads through the given service, adds tags to every meter and
	 * reuses a snapshot for the given time, with Micrometer's names.
	 * @param service the service
	 * @param tags tags added to every meter
	 * @param snapshotTimeToLive how long one snapshot serves every meter; positive (500
	 * ms in the other constructors)
	 * @see #ResourceUsageMetrics(ResourceUsageService, MeterConvention, Iterable,
	 * Duration)
	 */
	public ResourceUsageMetrics(ResourceUsageService service, Iterable<Tag> tags, Duration snapshotTimeToLive) {
		this(service, MeterConvention.MICROMETER, tags, snapshotTimeToLive);
	}

	/**
	 * Creates a binder that reads through the given service, names its meters by the
	 * given convention, adds tags to every meter and reuses a snapshot for the given
	 * time. The time to live should be longer than one scrape takes, so that a scrape
	 * reads once, and shorter than the interval between scrapes, so that each scrape sees
	 * fresh values.
	 * @param service the service
	 * @param convention the naming convention
	 * @param tags tags added to every meter
	 * @param snapshotTimeToLive how long one snapshot serves every meter; positive (500
	 * ms in the other constructors)
	 */
	public ResourceUsageMetrics(ResourceUsageService service, MeterConvention convention, Iterable<Tag> tags,
			Duration snapshotTimeToLive) {
		if (snapshotTimeToLive.isNegative() || snapshotTimeToLive.isZero()) {
			throw new IllegalArgumentException("'snapshotTimeToLive' must be positive but was " + snapshotTimeToLive);
		}
		this.service = service;
		this.convention = convention;
		this.tags = tags;
		this.timeToLiveNanos = snapshotTimeToLive.toNanos();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!this.service.isAvailable()) {
			return;
		}
		Set<RusageField> unmaintained = this.service.unmaintainedFields();
		Snapshot snapshot = new Snapshot(this.service, this.timeToLiveNanos, registry.config().clock());
		// looked up before ours exist, so that only other binders' meters count
		Set<String> takenNames = takenOpenTelemetryNames(registry);
		for (Who who : WHOS) {
			for (Series series : Series.values()) {
				if (unmaintained.contains(series.field)) {
					continue;
				}
				Naming openTelemetry = openTelemetryNaming(series.family, who);
				if (openTelemetry == null) {
					register(registry, snapshot, who, series, series.family.micrometer,
							Tags.of("who", who.id()).and(tag(series.family.micrometer, series.tagValue)));
				}
				else if (!takenNames.contains(openTelemetry.name())) {
					register(registry, snapshot, who, series, openTelemetry,
							tag(openTelemetry, series.openTelemetryTagValue));
				}
			}
		}
		if (!takenNames.isEmpty()) {
			logger.info("Meters named " + takenNames + " were registered already, by another binder such as OSHI's"
					+ " or Micrometer's, so the usage of the process is left to those meters under those names");
		}
	}

	private Set<String> takenOpenTelemetryNames(MeterRegistry registry) {
		Set<String> taken = new TreeSet<>();
		if (this.convention == MeterConvention.OPEN_TELEMETRY) {
			for (Family family : Family.values()) {
				if (family.openTelemetry != null && !registry.find(family.openTelemetry.name()).meters().isEmpty()) {
					taken.add(family.openTelemetry.name());
				}
			}
		}
		return taken;
	}

	private @Nullable Naming openTelemetryNaming(Family family, Who who) {
		return (this.convention == MeterConvention.OPEN_TELEMETRY && who == Who.SELF) ? family.openTelemetry : null;
	}

	private static Tags tag(Naming naming, @Nullable String value) {
		return (naming.tagKey() != null && value != null) ? Tags.of(naming.tagKey(), value) : Tags.empty();
	}

	private void register(MeterRegistry registry, Snapshot snapshot, Who who, Series series, Naming naming,
			Tags seriesTags) {
		Tags tags = Tags.concat(this.tags, seriesTags);
		ToDoubleFunction<ResourceUsage> value = series.value;
		if (naming.tagKey() == null) {
			Gauge.builder(naming.name(), snapshot, (current) -> current.value(who, value))
				.description(naming.description())
				.baseUnit(naming.baseUnit())
				.tags(tags)
				.strongReference(true)
				.register(registry);
			return;
		}
		Total total = new Total(snapshot, who, value);
		// a FunctionCounter holds its object only weakly: the function keeps it
		FunctionCounter.builder(naming.name(), total, (ignored) -> total.count())
			.description(naming.description())
			.baseUnit(naming.baseUnit())
			.tags(tags)
			.register(registry);
	}

	/**
	 * The name, base unit, description and tag key (none for a gauge) of a family of
	 * meters under one convention. Base units are chosen so that Prometheus' naming
	 * convention appends none to a name that ends with it already
	 * ({@code process_paging_faults_total}) and {@code _seconds} to the CPU time.
	 */
	private record Naming(String name, String baseUnit, String description, @Nullable String tagKey) {

	}

	/**
	 * A family of meters: one name, one unit, one tag key.
	 */
	private enum Family {

		CPU_TIME(
				new Naming(ResourceUsageMetrics.CPU_TIME, "seconds",
						"CPU time used by the process (who=self) or by its terminated and waited-for children"
								+ " (who=children), in user or system mode",
						"mode"),
				new Naming(OTEL_CPU_TIME, "seconds", "Total CPU seconds broken down by different CPU modes",
						"cpu.mode")),

		MAX_RSS(new Naming(ResourceUsageMetrics.MAX_RSS, BaseUnits.BYTES,
				"Peak resident set size of the process (who=self) or of its largest terminated and waited-for"
						+ " child (who=children)",
				null), null),

		PAGE_FAULTS(
				new Naming(ResourceUsageMetrics.PAGE_FAULTS, "faults",
						"Page faults served without I/O (type=minor) or that needed I/O (type=major)", "type"),
				new Naming(OTEL_PAGING_FAULTS, "faults", "Number of page faults the process has made",
						"system.paging.fault.type")),

		CONTEXT_SWITCHES(
				new Naming(ResourceUsageMetrics.CONTEXT_SWITCHES, "switches",
						"Context switches because a thread waited (type=voluntary) or was preempted (type=involuntary)",
						"type"),
				new Naming(OTEL_CONTEXT_SWITCHES, "switches", "Number of times the process has been context switched",
						"process.context_switch.type")),

		BLOCK_OPERATIONS(new Naming(ResourceUsageMetrics.BLOCK_OPERATIONS, BaseUnits.OPERATIONS,
				"Block input (direction=in) and output (direction=out) operations of the file system", "direction"),
				new Naming(OTEL_DISK_OPERATIONS, BaseUnits.OPERATIONS,
						"Block input (read) and output (write) operations of the file system by the process",
						"disk.io.direction"));

		private final Naming micrometer;

		private final @Nullable Naming openTelemetry;

		Family(Naming micrometer, @Nullable Naming openTelemetry) {
			this.micrometer = micrometer;
			this.openTelemetry = openTelemetry;
		}

	}

	/**
	 * One series of a family: the field it reports and its tag value under each
	 * convention.
	 */
	private enum Series {

		USER_TIME(Family.CPU_TIME, RusageField.UTIME, ResourceUsage::userTimeSeconds, "user", "user"),

		SYSTEM_TIME(Family.CPU_TIME, RusageField.STIME, ResourceUsage::systemTimeSeconds, "system", "system"),

		MAX_RSS(Family.MAX_RSS, RusageField.MAXRSS, ResourceUsage::maxResidentSetSizeBytes, null, null),

		MINOR_FAULTS(Family.PAGE_FAULTS, RusageField.MINFLT, ResourceUsage::minorPageFaults, "minor", "minor"),

		MAJOR_FAULTS(Family.PAGE_FAULTS, RusageField.MAJFLT, ResourceUsage::majorPageFaults, "major", "major"),

		VOLUNTARY_SWITCHES(Family.CONTEXT_SWITCHES, RusageField.NVCSW, ResourceUsage::voluntaryContextSwitches,
				"voluntary", "voluntary"),

		INVOLUNTARY_SWITCHES(Family.CONTEXT_SWITCHES, RusageField.NIVCSW, ResourceUsage::involuntaryContextSwitches,
				"involuntary", "involuntary"),

		BLOCK_INPUTS(Family.BLOCK_OPERATIONS, RusageField.INBLOCK, ResourceUsage::blockInputOperations, "in", "read"),

		BLOCK_OUTPUTS(Family.BLOCK_OPERATIONS, RusageField.OUBLOCK, ResourceUsage::blockOutputOperations, "out",
				"write");

		private final Family family;

		private final RusageField field;

		private final ToDoubleFunction<ResourceUsage> value;

		private final @Nullable String tagValue;

		private final @Nullable String openTelemetryTagValue;

		Series(Family family, RusageField field, ToDoubleFunction<ResourceUsage> value, @Nullable String tagValue,
				@Nullable String openTelemetryTagValue) {
			this.family = family;
			this.field = field;
			this.value = value;
			this.tagValue = tagValue;
			this.openTelemetryTagValue = openTelemetryTagValue;
		}

	}

	/**
	 * The value of one counter: never less than it reported before, since a usage total
	 * never decreases, and {@code NaN} while its {@code who} cannot be read.
	 */
	private static final class Total {

		private final Snapshot snapshot;

		private final Who who;

		private final ToDoubleFunction<ResourceUsage> value;

		private double highest;

		Total(Snapshot snapshot, Who who, ToDoubleFunction<ResourceUsage> value) {
			this.snapshot = snapshot;
			this.who = who;
			this.value = value;
		}

		double count() {
			double value = this.snapshot.value(this.who, this.value);
			return Double.isNaN(value) ? value : report(value);
		}

		private synchronized double report(double value) {
			this.highest = Math.max(this.highest, value);
			return this.highest;
		}

	}

	/**
	 * The latest usage of every {@code who}, all read together, and read again once the
	 * latest sample completed longer ago than the time to live. One caller takes a sample
	 * at a time, outside the lock; callers that find a sample in flight wait for it and
	 * use it.
	 */
	static final class Snapshot {

		private final ResourceUsageService service;

		private final long timeToLiveNanos;

		private final Clock clock;

		private final Object lock = new Object();

		private @Nullable Sample latest;

		private @Nullable CompletableFuture<Sample> inFlight;

		Snapshot(ResourceUsageService service, long timeToLiveNanos, Clock clock) {
			this.service = service;
			this.timeToLiveNanos = timeToLiveNanos;
			this.clock = clock;
		}

		/**
		 * Returns the value of one field of the usage of {@code who}: {@code NaN} if the
		 * read failed or gave a value below zero, which no usage can have.
		 */
		double value(Who who, ToDoubleFunction<ResourceUsage> field) {
			ResourceUsage usage = current().usage(who);
			double result = (usage != null) ? field.applyAsDouble(usage) : Double.NaN;
			return (result >= 0) ? result : Double.NaN;
		}

		private Sample current() {
			CompletableFuture<Sample> pending;
			boolean takesSample;
			Sample latest;
			synchronized (this.lock) {
				latest = this.latest;
				if (latest != null && this.clock.monotonicTime() - latest.completedAtNanos() < this.timeToLiveNanos) {
					return latest;
				}
				pending = this.inFlight;
				takesSample = (pending == null);
				if (pending == null) {
					pending = new CompletableFuture<>();
					this.inFlight = pending;
				}
			}
			return takesSample ? takeSample(latest, pending) : pending.join();
		}

		private Sample takeSample(@Nullable Sample previous, CompletableFuture<Sample> pending) {
			Sample sample = null;
			try {
				EnumMap<Who, Outcome> outcomes = new EnumMap<>(Who.class);
				for (Who who : WHOS) {
					Outcome outcome = getrusage(who);
					logChange(who, (previous != null) ? previous.outcome(who) : null, outcome);
					outcomes.put(who, outcome);
				}
				// stamped when the reads complete, so that the time they took is not
				// counted against the time to live
				sample = new Sample(outcomes, this.clock.monotonicTime());
				return sample;
			}
			finally {
				synchronized (this.lock) {
					if (sample != null) {
						this.latest = sample;
					}
					this.inFlight = null;
				}
				if (sample != null) {
					pending.complete(sample);
				}
				else {
					pending
						.completeExceptionally(new IllegalStateException("The resource usage sample in flight failed"));
				}
			}
		}

		private Outcome getrusage(Who who) {
			try {
				return new Outcome(this.service.getrusage(who), null);
			}
			catch (RuntimeException ex) {
				return new Outcome(null, (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName());
			}
		}

		private static void logChange(Who who, @Nullable Outcome previous, Outcome outcome) {
			boolean failedBefore = previous != null && previous.failure() != null;
			if (outcome.failure() != null && !failedBefore) {
				logger.warn("Cannot read the resource usage of who=" + who.id() + ", so its meters report NaN until"
						+ " a read succeeds: " + outcome.failure());
			}
			else if (outcome.failure() == null && failedBefore) {
				logger.info("The resource usage of who=" + who.id() + " can be read again, so its meters report"
						+ " values again");
			}
		}

	}

	/**
	 * The outcome of one {@code getrusage} call per {@code who}, and when the last of
	 * them completed.
	 */
	private record Sample(EnumMap<Who, Outcome> outcomes, long completedAtNanos) {

		@Nullable Outcome outcome(Who who) {
			return this.outcomes.get(who);
		}

		@Nullable ResourceUsage usage(Who who) {
			Outcome outcome = outcome(who);
			return (outcome != null) ? outcome.usage() : null;
		}

	}

	/**
	 * What one {@code getrusage} call gave: the usage of one {@code who}, or why it could
	 * not be read.
	 */
	private record Outcome(@Nullable ResourceUsage usage, @Nullable String failure) {

	}

}
