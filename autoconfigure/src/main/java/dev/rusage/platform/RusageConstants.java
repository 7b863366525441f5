package dev.rusage.platform;

import dev.rusage.Who;

/**
 * The {@code RUSAGE_*} values of {@code <sys/resource.h>}, the same on Linux and macOS
 * (and in Python's {@code resource} module).
 */
final class RusageConstants {

	static final int RUSAGE_SELF = 0;

	static final int RUSAGE_CHILDREN = -1;

	static final int RUSAGE_THREAD = 1;

	// glibc still defines it; Linux has answered EINVAL since 2.6, so BOTH is emulated
	static final int RUSAGE_BOTH = -2;

	private RusageConstants() {
	}

	static int valueOf(Who who) {
		return switch (who) {
			case SELF -> RUSAGE_SELF;
			case CHILDREN -> RUSAGE_CHILDREN;
			case THREAD -> RUSAGE_THREAD;
			case BOTH -> RUSAGE_BOTH;
		};
	}

	static Who who(int value) {
		return switch (value) {
			case RUSAGE_SELF -> Who.SELF;
			case RUSAGE_CHILDREN -> Who.CHILDREN;
			case RUSAGE_THREAD -> Who.THREAD;
			case RUSAGE_BOTH -> Who.BOTH;
			default -> throw new IllegalArgumentException("Invalid who " + value + "; valid values are " + RUSAGE_SELF
					+ " (RUSAGE_SELF), " + RUSAGE_CHILDREN + " (RUSAGE_CHILDREN), " + RUSAGE_THREAD
					+ " (RUSAGE_THREAD), " + RUSAGE_BOTH + " (RUSAGE_BOTH)");
		};
	}

	static String name(Who who) {
		return "RUSAGE_" + who.name();
	}

}
