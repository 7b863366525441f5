package dev.rusage.jna;

/**
 * System configuration values, from the {@code getconf} command rather than from the code
 * under test.
 */
final class Getconf {

	private static long clockTicksPerSecond;

	private Getconf() {
	}

	/**
	 * Returns {@code CLK_TCK}, the unit of the CPU times in {@code /proc} (USER_HZ, 100
	 * on every mainstream Linux).
	 */
	static synchronized long clockTicksPerSecond() {
		if (clockTicksPerSecond == 0) {
			clockTicksPerSecond = Long.parseLong(get("CLK_TCK"));
		}
		return clockTicksPerSecond;
	}

	/**
	 * Returns the length of one clock tick in microseconds.
	 */
	static long microsPerTick() {
		return 1_000_000 / clockTicksPerSecond();
	}

	static String get(String name) {
		return Command.run("getconf", name).trim();
	}

}
