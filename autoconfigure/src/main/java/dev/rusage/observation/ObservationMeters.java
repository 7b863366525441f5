package dev.rusage.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.noop.NoopMeter;

import dev.rusage.metrics.MeterConvention;

/**
 * The meters of the observations of one name, found by the observation's tags without
 * building {@link Tags} or asking the registry again once a set of tags has been seen. At
 * most {@value #MAX_CACHED} sets of tags are remembered, and none that the registry
 * denied (a meter filter that caps a tag's values returns a no-op meter): past that the
 * registry is asked each time, as Micrometer's own timer handler does.
 */
final class ObservationMeters {

	static final int MAX_CACHED = 10_000;

	private static final String NO_ERROR = "none";

	private final MeterRegistry registry;

	private final String cpuTimeName;

	private final ObservedCounter[] counters;

	private final String[] counterNames;

	private final MeterConvention convention;

	private final Map<KeyValues, Recorders> withoutError = new ConcurrentHashMap<>();

	private final Map<KeyValues, Recorders> withError = new ConcurrentHashMap<>();

	private final Map<String, Counter> skipped = new ConcurrentHashMap<>();

	private final String observationName;

	ObservationMeters(MeterRegistry registry, String observationName, ObservedCounter[] counters,
			MeterConvention convention) {
		this.registry = registry;
		this.observationName = observationName;
		String prefix = prefix(observationName, convention);
		this.cpuTimeName = prefix + ".cpu.time";
		this.counters = counters;
		this.convention = convention;
		this.counterNames = new String[counters.length];
		for (int i = 0; i < counters.length; i++) {
			this.counterNames[i] = prefix + "." + counters[i].naming(convention).suffix();
		}
	}

	/**
	 * Returns the prefix of the meters of an observation: its name; under OpenTelemetry's
	 * names without the {@code .duration} that names the observation's own histogram
	 * ({@code http.server.request.duration} gives {@code http.server.request.cpu.time}).
	 */
	static String prefix(String observationName, MeterConvention convention) {
		String duration = ".duration";
		if (convention == MeterConvention.OPEN_TELEMETRY && observationName.endsWith(duration)
				&& observationName.length() > duration.length()) {
			return observationName.substring(0, observationName.length() - duration.length());
		}
		return observationName;
	}

	String cpuTimeName() {
		return this.cpuTimeName;
	}

	boolean owns(String meterName) {
		if (meterName.equals(this.cpuTimeName) || meterName.equals(ResourceUsageObservationHandler.SKIPPED)) {
			return true;
		}
		for (String counterName : this.counterNames) {
			if (meterName.equals(counterName)) {
				return true;
			}
		}
		return false;
	}

	void forget() {
		this.withoutError.clear();
		this.withError.clear();
		this.skipped.clear();
	}

	/**
	 * Returns the counter of this name's observations skipped for {@code reason}; the
	 * first time, {@code firstSkip} hears of it with the observation's name and the
	 * reason.
	 */
	Counter skipped(String reason, BiConsumer<String, String> firstSkip) {
		Counter counter = this.skipped.get(reason);
		if (counter != null) {
			return counter;
		}
		return this.skipped.computeIfAbsent(reason, (key) -> {
			firstSkip.accept(this.observationName, key);
			return Counter.builder(ResourceUsageObservationHandler.SKIPPED)
				.description("Observations whose resource usage could not be measured, by reason")
				.tags("observation", this.observationName, "reason", key)
				.register(this.registry);
		});
	}

	/**
	 * Returns the meters for an observation's low-cardinality key values and the simple
	 * name of its error's class ({@code none} without one), the tags of its timer.
	 */
	Recorders recorders(KeyValues keyValues, String error) {
		boolean noError = NO_ERROR.equals(error);
		KeyValues key = noError ? keyValues : keyValues.and("error", error);
		Map<KeyValues, Recorders> cache = noError ? this.withoutError : this.withError;
		Recorders recorders = cache.get(key);
		if (recorders != null) {
			return recorders;
		}
		recorders = register(key, noError);
		if (recorders.cacheable() && this.withoutError.size() + this.withError.size() < MAX_CACHED) {
			Recorders raced = cache.putIfAbsent(key, recorders);
			return (raced != null) ? raced : recorders;
		}
		return recorders;
	}

	private Recorders register(KeyValues keyValues, boolean noError) {
		List<Tag> tagList = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tagList.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		if (noError) {
			tagList.add(Tag.of("error", NO_ERROR));
		}
		Tags tags = Tags.of(tagList);
		DistributionSummary cpuTime = DistributionSummary.builder(this.cpuTimeName)
			.baseUnit("seconds")
			.description("CPU time (user + system) of the threads that ran the observation, under its scopes")
			.tags(tags)
			.register(this.registry);
		DistributionSummary[] counterSummaries = new DistributionSummary[this.counters.length * 2];
		for (int i = 0; i < this.counters.length; i++) {
			ObservedCounter counter = this.counters[i];
			ObservedCounter.Naming naming = counter.naming(this.convention);
			String description = "getrusage " + naming.suffix().replace('.', ' ').replace('_', ' ')
					+ " of the threads that ran the observation, under its scopes";
			counterSummaries[2 * i] = DistributionSummary.builder(this.counterNames[i])
				.baseUnit(counter.baseUnit())
				.description(description)
				.tags(tags.and(naming.tagKey(), naming.first()))
				.register(this.registry);
			counterSummaries[2 * i + 1] = DistributionSummary.builder(this.counterNames[i])
				.baseUnit(counter.baseUnit())
				.description(description)
				.tags(tags.and(naming.tagKey(), naming.second()))
				.register(this.registry);
		}
		return new Recorders(cpuTime, counterSummaries);
	}

	/**
	 * The summaries one observation's figures are recorded in.
	 */
	record Recorders(DistributionSummary cpuTime, DistributionSummary[] counters) {

		boolean cacheable() {
			if (this.cpuTime instanceof NoopMeter) {
				return false;
			}
			for (DistributionSummary counter : this.counters) {
				if (counter instanceof NoopMeter) {
					return false;
				}
			}
			return true;
		}

	}

}
