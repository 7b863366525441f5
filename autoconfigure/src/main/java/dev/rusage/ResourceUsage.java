package dev.rusage;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongBinaryOperator;

/**
 * What a process, its children or a thread has used, as {@code getrusage(2)} reports it:
 * an immutable snapshot of the 16 fields of {@code struct rusage} in the index order of
 * Python's {@code resource.getrusage}, plus the {@link Who} it was read for.
 * <p>
 * CPU times are kept in microseconds, the resolution of {@code struct timeval}. Every
 * other value is the platform's raw integer; fields a platform never maintains are 0 (see
 * {@link ResourceUsageService#unmaintainedFields()}).
 *
 * @param who whose usage this is
 * @param userTimeMicros {@code ru_utime}: CPU time in user mode, microseconds
 * @param systemTimeMicros {@code ru_stime}: CPU time in system mode, microseconds
 * @param maxResidentSetSize {@code ru_maxrss}: peak resident set size, in units of
 * {@code maxResidentSetSizeUnit} bytes (KiB on Linux, bytes on macOS); under
 * {@link Who#THREAD}, Linux reports the process-wide peak
 * @param sharedMemorySize {@code ru_ixrss}: integral shared memory size
 * @param unsharedDataSize {@code ru_idrss}: integral unshared data size
 * @param unsharedStackSize {@code ru_isrss}: integral unshared stack size
 * @param minorPageFaults {@code ru_minflt}: page faults served without I/O
 * @param majorPageFaults {@code ru_majflt}: page faults that needed I/O
 * @param swaps {@code ru_nswap}: times swapped out
 * @param blockInputOperations {@code ru_inblock}: block input operations
 * @param blockOutputOperations {@code ru_oublock}: block output operations
 * @param messagesSent {@code ru_msgsnd}: IPC messages sent
 * @param messagesReceived {@code ru_msgrcv}: IPC messages received
 * @param signalsReceived {@code ru_nsignals}: signals received
 * @param voluntaryContextSwitches {@code ru_nvcsw}: context switches because the thread
 * waited (I/O, lock, sleep)
 * @param involuntaryContextSwitches {@code ru_nivcsw}: context switches because the
 * scheduler preempted the thread
 * @param maxResidentSetSizeUnit bytes per unit of {@code ru_maxrss}: 1024 on Linux, 1 on
 * macOS
 * @since 0.1.0
 */
public record ResourceUsage(Who who, long userTimeMicros, long systemTimeMicros, long maxResidentSetSize,
		long sharedMemorySize, long unsharedDataSize, long unsharedStackSize, long minorPageFaults,
		long majorPageFaults, long swaps, long blockInputOperations, long blockOutputOperations, long messagesSent,
		long messagesReceived, long signalsReceived, long voluntaryContextSwitches, long involuntaryContextSwitches,
		int maxResidentSetSizeUnit) {

	private static final double MICROS_PER_SECOND = 1_000_000.0;

	private static final RusageField[] FIELDS = RusageField.values();

	/**
	 * Creates a snapshot; the record's description says what each value is.
	 * @param who whose usage this is
	 * @param userTimeMicros {@code ru_utime}, microseconds
	 * @param systemTimeMicros {@code ru_stime}, microseconds
	 * @param maxResidentSetSize {@code ru_maxrss}, in units of
	 * {@code maxResidentSetSizeUnit} bytes
	 * @param sharedMemorySize {@code ru_ixrss}
	 * @param unsharedDataSize {@code ru_idrss}
	 * @param unsharedStackSize {@code ru_isrss}
	 * @param minorPageFaults {@code ru_minflt}
	 * @param majorPageFaults {@code ru_majflt}
	 * @param swaps {@code ru_nswap}
	 * @param blockInputOperations {@code ru_inblock}
	 * @param blockOutputOperations {@code ru_oublock}
	 * @param messagesSent {@code ru_msgsnd}
	 * @param messagesReceived {@code ru_msgrcv}
	 * @param signalsReceived {@code ru_nsignals}
	 * @param voluntaryContextSwitches {@code ru_nvcsw}
	 * @param involuntaryContextSwitches {@code ru_nivcsw}
	 * @param maxResidentSetSizeUnit bytes per unit of {@code ru_maxrss}, positive
	 */
	public ResourceUsage {
		Objects.requireNonNull(who, "'who' must not be null");
		if (maxResidentSetSizeUnit <= 0) {
			throw new IllegalArgumentException("'maxResidentSetSizeUnit' must be positive");
		}
	}

	/**
	 * Returns {@code ru_utime}, the CPU time spent in user mode.
	 * @return the user CPU time
	 */
	public Duration userTime() {
		return Duration.ofNanos(this.userTimeMicros * 1000);
	}

	/**
	 * Returns {@code ru_stime}, the CPU time spent in system mode.
	 * @return the system CPU time
	 */
	public Duration systemTime() {
		return Duration.ofNanos(this.systemTimeMicros * 1000);
	}

	/**
	 * Returns {@code ru_utime} in seconds, as Python gives it.
	 * @return the user CPU time, seconds with microsecond precision
	 */
	public double userTimeSeconds() {
		return this.userTimeMicros / MICROS_PER_SECOND;
	}

	/**
	 * Returns {@code ru_stime} in seconds, as Python gives it.
	 * @return the system CPU time, seconds with microsecond precision
	 */
	public double systemTimeSeconds() {
		return this.systemTimeMicros / MICROS_PER_SECOND;
	}

	/**
	 * Returns {@code ru_maxrss} converted to bytes for the platform it was read on.
	 * @return the peak resident set size, bytes
	 */
	public long maxResidentSetSizeBytes() {
		return this.maxResidentSetSize * this.maxResidentSetSizeUnit;
	}

	/**
	 * Returns one field the way Python gives it: seconds as a {@link Double} for the two
	 * times, the raw integer as a {@link Long} for the others.
	 * @param field the field
	 * @return its value
	 */
	public Number get(RusageField field) {
		return switch (field) {
			case UTIME -> userTimeSeconds();
			case STIME -> systemTimeSeconds();
			default -> raw(field);
		};
	}

	// the one mapping of fields to components; times in microseconds
	private long raw(RusageField field) {
		return switch (field) {
			case UTIME -> this.userTimeMicros;
			case STIME -> this.systemTimeMicros;
			case MAXRSS -> this.maxResidentSetSize;
			case IXRSS -> this.sharedMemorySize;
			case IDRSS -> this.unsharedDataSize;
			case ISRSS -> this.unsharedStackSize;
			case MINFLT -> this.minorPageFaults;
			case MAJFLT -> this.majorPageFaults;
			case NSWAP -> this.swaps;
			case INBLOCK -> this.blockInputOperations;
			case OUBLOCK -> this.blockOutputOperations;
			case MSGSND -> this.messagesSent;
			case MSGRCV -> this.messagesReceived;
			case NSIGNALS -> this.signalsReceived;
			case NVCSW -> this.voluntaryContextSwitches;
			case NIVCSW -> this.involuntaryContextSwitches;
		};
	}

	/**
	 * Returns the 16 values in index order, like the tuple Python's
	 * {@code resource.getrusage} returns.
	 * @return the values, as {@link #get(RusageField)} gives them
	 */
	public List<Number> values() {
		return Arrays.stream(FIELDS).map(this::get).toList();
	}

	/**
	 * Returns what was used between an earlier snapshot and this one: every time and
	 * counter is this snapshot's value minus the earlier one's.
	 * <p>
	 * {@code ru_maxrss} is a high-water mark, not a counter, so it is not subtracted: the
	 * result carries this (the later) snapshot's peak, the largest resident set size seen
	 * up to the later reading. Under {@link Who#THREAD}, Linux reports the process-wide
	 * peak, so even a thread's difference carries the process's peak.
	 * @param earlier a snapshot for the same {@link Who}, read on the same platform
	 * before this one
	 * @return the difference, for this snapshot's {@link Who}
	 * @throws IllegalArgumentException if the snapshots are for different {@link Who}s or
	 * platforms
	 */
	public ResourceUsage minus(ResourceUsage earlier) {
		if (earlier.who != this.who) {
			throw new IllegalArgumentException(
					"Cannot subtract usage of " + earlier.who + " from usage of " + this.who);
		}
		if (earlier.maxResidentSetSizeUnit != this.maxResidentSetSizeUnit) {
			throw new IllegalArgumentException("Usage read on different platforms cannot be subtracted");
		}
		// ru_maxrss is a peak: the later one
		return combine(this.who, this, earlier, (later, before) -> later - before, (later, before) -> later);
	}

	/**
	 * Combines the usage of the process and of its children into {@link Who#BOTH}: times
	 * and counters summed, {@code ru_maxrss} the larger of the two (it is a peak, not a
	 * total).
	 * @param self the usage of {@link Who#SELF}
	 * @param children the usage of {@link Who#CHILDREN}, read on the same platform
	 * @return the usage of both
	 */
	public static ResourceUsage both(ResourceUsage self, ResourceUsage children) {
		if (self.who != Who.SELF || children.who != Who.CHILDREN) {
			throw new IllegalArgumentException(
					"Expected SELF and CHILDREN usage but got " + self.who + " and " + children.who);
		}
		if (self.maxResidentSetSizeUnit != children.maxResidentSetSizeUnit) {
			throw new IllegalArgumentException("Usage read on different platforms cannot be combined");
		}
		// ru_maxrss is a peak: the larger one
		return combine(Who.BOTH, self, children, Long::sum, Math::max);
	}

	/**
	 * Returns a snapshot whose every field is computed from the same field of two others:
	 * {@code counter} for the times and counters, {@code peak} for {@code ru_maxrss}. The
	 * one place that lists the fields for arithmetic; it allocates only the result.
	 */
	private static ResourceUsage combine(Who who, ResourceUsage a, ResourceUsage b, LongBinaryOperator counter,
			LongBinaryOperator peak) {
		return new ResourceUsage(who, counter.applyAsLong(a.userTimeMicros, b.userTimeMicros),
				counter.applyAsLong(a.systemTimeMicros, b.systemTimeMicros),
				peak.applyAsLong(a.maxResidentSetSize, b.maxResidentSetSize),
				counter.applyAsLong(a.sharedMemorySize, b.sharedMemorySize),
				counter.applyAsLong(a.unsharedDataSize, b.unsharedDataSize),
				counter.applyAsLong(a.unsharedStackSize, b.unsharedStackSize),
				counter.applyAsLong(a.minorPageFaults, b.minorPageFaults),
				counter.applyAsLong(a.majorPageFaults, b.majorPageFaults), counter.applyAsLong(a.swaps, b.swaps),
				counter.applyAsLong(a.blockInputOperations, b.blockInputOperations),
				counter.applyAsLong(a.blockOutputOperations, b.blockOutputOperations),
				counter.applyAsLong(a.messagesSent, b.messagesSent),
				counter.applyAsLong(a.messagesReceived, b.messagesReceived),
				counter.applyAsLong(a.signalsReceived, b.signalsReceived),
				counter.applyAsLong(a.voluntaryContextSwitches, b.voluntaryContextSwitches),
				counter.applyAsLong(a.involuntaryContextSwitches, b.involuntaryContextSwitches),
				a.maxResidentSetSizeUnit);
	}

}
