package dev.rusage.observation;

import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.binder.BaseUnits;

import dev.rusage.ResourceUsage;
import dev.rusage.RusageField;
import dev.rusage.metrics.MeterConvention;

/**
 * The {@code getrusage} counters that an observation can be measured by besides its CPU
 * time. Each is a pair of fields, told apart by one tag whose key and values follow the
 * {@link MeterConvention}.
 *
 * @since 0.1.0
 */
public enum ObservedCounter {

	/**
	 * {@code ru_minflt} and {@code ru_majflt}: {@code <name>.page.faults} tagged
	 * {@code type=minor|major}; under OpenTelemetry's names {@code <name>.paging.faults}
	 * tagged {@code system.paging.fault.type=minor|major}.
	 */
	PAGE_FAULTS(RusageField.MINFLT, ResourceUsage::minorPageFaults, RusageField.MAJFLT, ResourceUsage::majorPageFaults,
			"faults", new Naming("page.faults", "type", "minor", "major"),
			new Naming("paging.faults", "system.paging.fault.type", "minor", "major")),

	/**
	 * {@code ru_nvcsw} and {@code ru_nivcsw}: {@code <name>.context.switches} tagged
	 * {@code type=voluntary|involuntary}; under OpenTelemetry's names
	 * {@code <name>.context_switches} tagged
	 * {@code process.context_switch.type=voluntary|involuntary}.
	 */
	CONTEXT_SWITCHES(RusageField.NVCSW, ResourceUsage::voluntaryContextSwitches, RusageField.NIVCSW,
			ResourceUsage::involuntaryContextSwitches, "switches",
			new Naming("context.switches", "type", "voluntary", "involuntary"),
			new Naming("context_switches", "process.context_switch.type", "voluntary", "involuntary")),

	/**
	 * {@code ru_inblock} and {@code ru_oublock}: {@code <name>.block.operations} tagged
	 * {@code direction=in|out}; under OpenTelemetry's names
	 * {@code <name>.disk.operations} tagged {@code disk.io.direction=read|write}.
	 */
	BLOCK_OPERATIONS(RusageField.INBLOCK, ResourceUsage::blockInputOperations, RusageField.OUBLOCK,
			ResourceUsage::blockOutputOperations, BaseUnits.OPERATIONS,
			new Naming("block.operations", "direction", "in", "out"),
			new Naming("disk.operations", "disk.io.direction", "read", "write"));

	private final RusageField firstField;

	private final ToLongFunction<ResourceUsage> first;

	private final RusageField secondField;

	private final ToLongFunction<ResourceUsage> second;

	private final String baseUnit;

	private final Naming micrometer;

	private final Naming openTelemetry;

	ObservedCounter(RusageField firstField, ToLongFunction<ResourceUsage> first, RusageField secondField,
			ToLongFunction<ResourceUsage> second, String baseUnit, Naming micrometer, Naming openTelemetry) {
		this.firstField = firstField;
		this.first = first;
		this.secondField = secondField;
		this.second = second;
		this.baseUnit = baseUnit;
		this.micrometer = micrometer;
		this.openTelemetry = openTelemetry;
	}

	RusageField firstField() {
		return this.firstField;
	}

	RusageField secondField() {
		return this.secondField;
	}

	long first(ResourceUsage usage) {
		return this.first.applyAsLong(usage);
	}

	long second(ResourceUsage usage) {
		return this.second.applyAsLong(usage);
	}

	String baseUnit() {
		return this.baseUnit;
	}

	Naming naming(MeterConvention convention) {
		return (convention == MeterConvention.OPEN_TELEMETRY) ? this.openTelemetry : this.micrometer;
	}

	/**
	 * How a counter's meter and its tag are spelled: the meter is
	 * {@code <prefix>.<suffix>}, tagged {@code <tagKey>=<first>|<second>}, and the span's
	 * key values are {@code rusage.<suffix>.<first>} and
	 * {@code rusage.<suffix>.<second>}.
	 */
	record Naming(String suffix, String tagKey, String first, String second, String firstKey, String secondKey) {

		// the span's keys are made once here, not per observation
		Naming(String suffix, String tagKey, String first, String second) {
			this(suffix, tagKey, first, second, "rusage." + suffix + "." + first, "rusage." + suffix + "." + second);
		}

	}

}
