package dev.rusage.platform;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A child process run to completion.
 */
final class Command {

	private Command() {
	}

	/**
	 * Runs a shell that burns CPU in a loop of its own (a few hundred milliseconds of its
	 * own CPU time, however loaded the machine is), then prints what it used with the
	 * {@code times} builtin, and waits for it to end.
	 * @return the shell's own user and system CPU time, microseconds, as {@code times}
	 * reported it (rounded to the nearest millisecond)
	 */
	static long[] burnCpuInChild() {
		String output = run("bash", "-c", "i=0; while (( i < 500000 )); do (( i++ )); done; times");
		// first line: the shell's own user and system time, such as "0m0.247s 0m0.007s"
		String[] times = output.lines().findFirst().orElseThrow().trim().split("\\s+");
		return new long[] { micros(times[0]), micros(times[1]) };
	}

	private static long micros(String time) {
		int m = time.indexOf('m');
		long minutes = Long.parseLong(time.substring(0, m));
		BigDecimal seconds = new BigDecimal(time.substring(m + 1, time.length() - 1));
		return minutes * 60_000_000 + seconds.movePointRight(6).longValueExact();
	}

	/**
	 * Runs a command, waits for it to end (so that it is reaped and counted in
	 * RUSAGE_CHILDREN) and returns its standard output.
	 */
	static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int exitCode = process.waitFor();
			if (exitCode != 0) {
				throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode + ": " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
