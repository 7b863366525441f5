package dev.rusage.metrics;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Set;
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
 * {@code getrusage(2)} reports it. Each meter is registered twice, tagged
 * {@code who=self} and {@code who=children}:
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

	private static final Log logger = LogFactory.getLog(ResourceUsageMetrics.class);

	private static final Duration DEFAULT_SNAPSHOT_TIME_TO_LIVE = Duration.ofMillis(500);

	private static final Who[] WHOS = { Who.SELF, Who.CHILDREN };

	private static final String SECONDS = "seconds";

	private static final String CPU_TIME_DESCRIPTION = "CPU time used by the process (who=self) or by its"
			+ " terminated and waited-for children (who=children), in user or system mode";

	private static final String MAX_RSS_DESCRIPTION = "Peak resident set size of the process (who=self) or of its"
			+ " largest terminated and waited-for child (who=children)";

	private static final String PAGE_FAULTS_DESCRIPTION = "Page faults served without I/O (type=minor)"
			+ " or that needed I/O (type=major)";

	private static final String CONTEXT_SWITCHES_DESCRIPTION = "Context switches because a thread waited"
			+ " (type=voluntary) or was preempted (type=involuntary)";

	private static final String BLOCK_OPERATIONS_DESCRIPTION = "Block input (direction=in) and output"
			+ " (direction=out) operations of the file system";

	private final ResourceUsageService service;

	private final Iterable<Tag> tags;

	private final long timeToLiveNanos;

	/**
	 * Creates a binder that reads through the given service.
	 * @param service the service
	 */
	public ResourceUsageMetrics(ResourceUsageService service) {
		this(service, Collections.emptyList());
	}

	/**
	 * Creates a binder that reads through the given service and adds tags to every meter.
	 * @param service the service
	 * @param tags tags added to every meter
	 */
	public ResourceUsageMetrics(ResourceUsageService service, Iterable<Tag> tags) {
		this(service, tags, DEFAULT_SNAPSHOT_TIME_TO_LIVE);
	}

	/**
	 * Creates a binder that reads through the given service, adds tags to every meter and
	 * reuses a snapshot for the given time. It should be longer than one scrape takes, so
	 * that a scrape reads once, and shorter than the interval between scrapes, so that
	 * each scrape sees fresh values.
	 * @param service the service
	 * @param tags tags added to every meter
	 * @param snapshotTimeToLive how long one snapshot serves every meter; positive (500
	 * ms in the other constructors)
	 */
	public ResourceUsageMetrics(ResourceUsageService service, Iterable<Tag> tags, Duration snapshotTimeToLive) {
		if (snapshotTimeToLive.isNegative() || snapshotTimeToLive.isZero()) {
			throw new IllegalArgumentException("'snapshotTimeToLive' must be positive but was " + snapshotTimeToLive);
		}
		this.service = service;
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
		for (Who who : WHOS) {
			Meters meters = new Meters(registry, snapshot, who, Tags.concat(this.tags, "who", who.id()), unmaintained);
			meters.counter(RusageField.UTIME, CPU_TIME, CPU_TIME_DESCRIPTION, SECONDS, "mode", "user",
					ResourceUsage::userTimeSeconds);
			meters.counter(RusageField.STIME, CPU_TIME, CPU_TIME_DESCRIPTION, SECONDS, "mode", "system",
					ResourceUsage::systemTimeSeconds);
			meters.gauge(RusageField.MAXRSS, MAX_RSS, MAX_RSS_DESCRIPTION, BaseUnits.BYTES,
					ResourceUsage::maxResidentSetSizeBytes);
			meters.counter(RusageField.MINFLT, PAGE_FAULTS, PAGE_FAULTS_DESCRIPTION, "faults", "type", "minor",
					ResourceUsage::minorPageFaults);
			meters.counter(RusageField.MAJFLT, PAGE_FAULTS, PAGE_FAULTS_DESCRIPTION, "faults", "type", "major",
					ResourceUsage::majorPageFaults);
			meters.counter(RusageField.NVCSW, CONTEXT_SWITCHES, CONTEXT_SWITCHES_DESCRIPTION, "switches", "type",
					"voluntary", ResourceUsage::voluntaryContextSwitches);
			meters.counter(RusageField.NIVCSW, CONTEXT_SWITCHES, CONTEXT_SWITCHES_DESCRIPTION, "switches", "type",
					"involuntary", ResourceUsage::involuntaryContextSwitches);
			meters.counter(RusageField.INBLOCK, BLOCK_OPERATIONS, BLOCK_OPERATIONS_DESCRIPTION, BaseUnits.OPERATIONS,
					"direction", "in", ResourceUsage::blockInputOperations);
			meters.counter(RusageField.OUBLOCK, BLOCK_OPERATIONS, BLOCK_OPERATIONS_DESCRIPTION, BaseUnits.OPERATIONS,
					"direction", "out", ResourceUsage::blockOutputOperations);
		}
	}

	/**
	 * Registers the meters of one {@code who}, skipping unmaintained fields.
	 */
	private static final class Meters {

		private final MeterRegistry registry;

		private final Snapshot snapshot;

		private final Who who;

		private final Tags tags;

		private final Set<RusageField> unmaintained;

		Meters(MeterRegistry registry, Snapshot snapshot, Who who, Tags tags, Set<RusageField> unmaintained) {
			this.registry = registry;
			this.snapshot = snapshot;
			this.who = who;
			this.tags = tags;
			this.unmaintained = unmaintained;
		}

		void counter(RusageField field, String name, String description, String baseUnit, String tagKey,
				String tagValue, ToDoubleFunction<ResourceUsage> value) {
			if (this.unmaintained.contains(field)) {
				return;
			}
			Total total = new Total(this.snapshot, this.who, value);
			// a FunctionCounter holds its object only weakly: the function keeps it
			FunctionCounter.builder(name, total, (ignored) -> total.count())
				.description(description)
				.baseUnit(baseUnit)
				.tags(this.tags)
				.tag(tagKey, tagValue)
				.register(this.registry);
		}

		void gauge(RusageField field, String name, String description, String baseUnit,
				ToDoubleFunction<ResourceUsage> value) {
			if (this.unmaintained.contains(field)) {
				return;
			}
			Who who = this.who;
			Gauge.builder(name, this.snapshot, (snapshot) -> snapshot.value(who, value))
				.description(description)
				.baseUnit(baseUnit)
				.tags(this.tags)
				.strongReference(true)
				.register(this.registry);
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
	 * latest read completed longer ago than the time to live. One caller reads at a time,
	 * outside the lock; callers that find a read in flight wait for it and use its
	 * result.
	 */
	static final class Snapshot {

		private final ResourceUsageService service;

		private final long timeToLiveNanos;

		private final Clock clock;

		private final Object lock = new Object();

		private @Nullable Readings latest;

		private @Nullable CompletableFuture<Readings> inFlight;

		Snapshot(ResourceUsageService service, long timeToLiveNanos, Clock clock) {
			this.service = service;
			this.timeToLiveNanos = timeToLiveNanos;
			this.clock = clock;
		}

		/**
		 * Returns the value of one field of the usage of {@code who}: {@code NaN} if the
		 * read failed or gave a value below zero, which no usage can have.
		 */
		double value(Who who, ToDoubleFunction<ResourceUsage> value) {
			ResourceUsage usage = current().usage(who);
			double result = (usage != null) ? value.applyAsDouble(usage) : Double.NaN;
			return (result >= 0) ? result : Double.NaN;
		}

		private Readings current() {
			CompletableFuture<Readings> read;
			boolean reader;
			Readings latest;
			synchronized (this.lock) {
				latest = this.latest;
				if (latest != null && this.clock.monotonicTime() - latest.completedAtNanos() < this.timeToLiveNanos) {
					return latest;
				}
				read = this.inFlight;
				reader = (read == null);
				if (read == null) {
					read = new CompletableFuture<>();
					this.inFlight = read;
				}
			}
			return reader ? read(latest, read) : read.join();
		}

		private Readings read(@Nullable Readings previous, CompletableFuture<Readings> read) {
			Readings readings = null;
			try {
				EnumMap<Who, Reading> byWho = new EnumMap<>(Who.class);
				for (Who who : WHOS) {
					Reading reading = read(who);
					logChange(who, (previous != null) ? previous.reading(who) : null, reading);
					byWho.put(who, reading);
				}
				// stamped when the reads complete, so that the time they took is not
				// counted against the time to live
				readings = new Readings(byWho, this.clock.monotonicTime());
				return readings;
			}
			finally {
				synchronized (this.lock) {
					if (readings != null) {
						this.latest = readings;
					}
					this.inFlight = null;
				}
				if (readings != null) {
					read.complete(readings);
				}
				else {
					read.completeExceptionally(new IllegalStateException("The resource usage read in flight failed"));
				}
			}
		}

		private Reading read(Who who) {
			try {
				return new Reading(this.service.getrusage(who), null);
			}
			catch (RuntimeException ex) {
				return new Reading(null, (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName());
			}
		}

		private static void logChange(Who who, @Nullable Reading previous, Reading reading) {
			boolean failedBefore = previous != null && previous.failure() != null;
			if (reading.failure() != null && !failedBefore) {
				logger.warn("Cannot read the resource usage of who=" + who.id() + ", so its meters report NaN until"
						+ " a read succeeds: " + reading.failure());
			}
			else if (reading.failure() == null && failedBefore) {
				logger.info("The resource usage of who=" + who.id() + " can be read again, so its meters report"
						+ " values again");
			}
		}

	}

	/**
	 * What one read of every {@code who} gave, and when it completed.
	 */
	private record Readings(EnumMap<Who, Reading> readings, long completedAtNanos) {

		@Nullable Reading reading(Who who) {
			return this.readings.get(who);
		}

		@Nullable ResourceUsage usage(Who who) {
			Reading reading = reading(who);
			return (reading != null) ? reading.usage() : null;
		}

	}

	/**
	 * The usage of one {@code who}, or why it could not be read.
	 */
	private record Reading(@Nullable ResourceUsage usage, @Nullable String failure) {

	}

}
