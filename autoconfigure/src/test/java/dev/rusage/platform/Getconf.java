package dev.rusage.platform;

/**
 * System configuration values, from the {@code getconf} command rather than from the code
 * under test.
 */
public final class Getconf {

	private static long clockTicksPerSecond;

	private Getconf() {
	}

	/**
	 * Returns {@code CLK_TCK}, the unit of the CPU times in {@code /proc} (USER_HZ, 100
	 * on every mainstream Linux).
	 */
	public static synchronized long clockTicksPerSecond() {
		if (clockTicksPerSecond == 0) {
			clockTicksPerSecond = Long.parseLong(get("CLK_TCK"));
		}
		return clockTicksPerSecond;
	}

	/**
	 * Returns the length of one clock tick in microseconds.
	 */
	public static long microsPerTick() {
		return 1_000_000 / clockTicksPerSecond();
	}

	public static String get(String name) {
		return Command.run("getconf", name).trim();
	}

}
