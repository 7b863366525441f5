package dev.rusage.observation;

/**
 * The {@code getrusage} counters that an observation can be measured by besides its CPU
 * time. Each is a pair of fields, told apart by one tag.
 *
 * @since 0.1.0
 */
public enum ObservedCounter {

	/**
	 * {@code ru_minflt} and {@code ru_majflt}: {@code <name>.page.faults}, tagged
	 * {@code type=minor} or {@code type=major}.
	 */
	PAGE_FAULTS("page.faults", "type", "minor", "major"),

	/**
	 * {@code ru_nvcsw} and {@code ru_nivcsw}: {@code <name>.context.switches}, tagged
	 * {@code type=voluntary} or {@code type=involuntary}.
	 */
	CONTEXT_SWITCHES("context.switches", "type", "voluntary", "involuntary"),

	/**
	 * {@code ru_inblock} and {@code ru_oublock}: {@code <name>.block.operations}, tagged
	 * {@code direction=in} or {@code direction=out}.
	 */
	BLOCK_OPERATIONS("block.operations", "direction", "in", "out");

	private final String suffix;

	private final String tagKey;

	private final String first;

	private final String second;

	ObservedCounter(String suffix, String tagKey, String first, String second) {
		this.suffix = suffix;
		this.tagKey = tagKey;
		this.first = first;
		this.second = second;
	}

	String suffix() {
		return this.suffix;
	}

	String tagKey() {
		return this.tagKey;
	}

	String first() {
		return this.first;
	}

	String second() {
		return this.second;
	}

}
