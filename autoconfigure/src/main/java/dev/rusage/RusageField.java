package dev.rusage;

import java.util.Locale;

/**
 * The 16 fields of {@code struct rusage}, in the index order of Python's
 * {@code resource.getrusage} result.
 *
 * @since 0.1.0
 */
public enum RusageField {

	/** {@code ru_utime}: time spent in user mode, seconds. */
	UTIME,

	/** {@code ru_stime}: time spent in system (kernel) mode, seconds. */
	STIME,

	/** {@code ru_maxrss}: maximum resident set size, KiB on Linux, bytes on macOS. */
	MAXRSS,

	/** {@code ru_ixrss}: integral shared memory size. */
	IXRSS,

	/** {@code ru_idrss}: integral unshared data size. */
	IDRSS,

	/** {@code ru_isrss}: integral unshared stack size. */
	ISRSS,

	/** {@code ru_minflt}: page faults served without I/O (minor faults). */
	MINFLT,

	/** {@code ru_majflt}: page faults that required I/O (major faults). */
	MAJFLT,

	/** {@code ru_nswap}: times swapped out. */
	NSWAP,

	/** {@code ru_inblock}: block input operations. */
	INBLOCK,

	/** {@code ru_oublock}: block output operations. */
	OUBLOCK,

	/** {@code ru_msgsnd}: IPC messages sent. */
	MSGSND,

	/** {@code ru_msgrcv}: IPC messages received. */
	MSGRCV,

	/** {@code ru_nsignals}: signals received. */
	NSIGNALS,

	/** {@code ru_nvcsw}: voluntary context switches. */
	NVCSW,

	/** {@code ru_nivcsw}: involuntary context switches. */
	NIVCSW;

	private final String fieldName = "ru_" + name().toLowerCase(Locale.ROOT);

	/**
	 * Returns the C name of the field, such as {@code "ru_utime"}.
	 * @return the field name
	 */
	public String fieldName() {
		return this.fieldName;
	}

	/**
	 * Returns the position of the field in Python's 16-element tuple.
	 * @return the index, 0 to 15
	 */
	public int index() {
		return ordinal();
	}

}
