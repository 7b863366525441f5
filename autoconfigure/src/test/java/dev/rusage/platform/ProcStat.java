package dev.rusage.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The counters of {@code /proc/[pid]/stat} or {@code /proc/[pid]/task/[tid]/stat} that
 * {@code getrusage} also reports (proc(5)). CPU times are in clock ticks
 * ({@code sysconf(_SC_CLK_TCK)}); the {@code children*} values count waited-for children
 * and are only meaningful for a process.
 *
 * @param minflt field 10, minor faults
 * @param childrenMinflt field 11, minor faults of waited-for children
 * @param majflt field 12, major faults
 * @param childrenMajflt field 13, major faults of waited-for children
 * @param utime field 14, user time, clock ticks
 * @param stime field 15, system time, clock ticks
 * @param childrenUtime field 16, user time of waited-for children, clock ticks
 * @param childrenStime field 17, system time of waited-for children, clock ticks
 */
record ProcStat(long minflt, long childrenMinflt, long majflt, long childrenMajflt, long utime, long stime,
		long childrenUtime, long childrenStime) {

	/**
	 * Reads the process-wide counters of this process.
	 */
	static ProcStat self() {
		return read(Path.of("/proc/self/stat"));
	}

	/**
	 * Reads the counters of the calling thread.
	 */
	static ProcStat thread() {
		return read(Path.of("/proc/thread-self/stat"));
	}

	private static ProcStat read(Path path) {
		String stat;
		try {
			stat = Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// field 2, the command, is in parentheses and may hold spaces and ')'
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		return new ProcStat(field(fields, 10), field(fields, 11), field(fields, 12), field(fields, 13),
				field(fields, 14), field(fields, 15), field(fields, 16), field(fields, 17));
	}

	private static long field(String[] fieldsFromThird, int number) {
		return Long.parseLong(fieldsFromThird[number - 3]);
	}

}
