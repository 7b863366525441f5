package dev.rusage.platform;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.rusage.GetrusageFailedException;
import dev.rusage.ResourceUsage;
import dev.rusage.RusageField;
import dev.rusage.Who;

/**
 * How {@code struct rusage} is laid out and what its units are on each supported
 * platform, and the decoding of its raw words into a {@link ResourceUsage}.
 * <p>
 * On both 64-bit platforms the struct is 144 bytes, read as 18 little-endian 64-bit
 * words:
 *
 * <pre>
 * word  offset  field
 *  0     0      ru_utime.tv_sec   (time_t, 8 bytes)
 *  1     8      ru_utime.tv_usec  (Linux: 8-byte suseconds_t; macOS: 4-byte int + 4 bytes padding)
 *  2    16      ru_stime.tv_sec
 *  3    24      ru_stime.tv_usec
 *  4    32      ru_maxrss         (long; KiB on Linux, bytes on macOS)
 *  5-17 40-136  ru_ixrss ... ru_nivcsw, one long each, in RusageField order
 * </pre>
 */
enum RusageLayout {

	/**
	 * Linux x86_64 and aarch64 ({@code getrusage(2)}): {@code ru_maxrss} in KiB; seven
	 * fields are "unused" and always 0.
	 */
	LINUX("Linux", 1024, true, EnumSet.of(RusageField.IXRSS, RusageField.IDRSS, RusageField.ISRSS, RusageField.NSWAP,
			RusageField.MSGSND, RusageField.MSGRCV, RusageField.NSIGNALS)) {

		@Override
		long micros(long tvUsecWord) {
			return tvUsecWord;
		}

	},

	/**
	 * macOS x86_64 and arm64 (XNU {@code sys/resource.h}): {@code tv_usec} is a 4-byte
	 * {@code int} followed by padding, {@code ru_maxrss} is in bytes, there is no
	 * {@code RUSAGE_THREAD}, and XNU leaves the integral sizes and swaps at 0.
	 */
	MACOS("macOS", 1, false, EnumSet.of(RusageField.IXRSS, RusageField.IDRSS, RusageField.ISRSS, RusageField.NSWAP)) {

		@Override
		long micros(long tvUsecWord) {
			// the low 4 bytes of the little-endian word; the padding above is garbage
			return (int) tvUsecWord;
		}

	};

	private static final int WORDS = RusageStruct.WORDS;

	private static final long MICROS_PER_SECOND = 1_000_000L;

	// more CPU seconds than this would overflow the microseconds of a ResourceUsage
	private static final long MAX_SECONDS = Long.MAX_VALUE / MICROS_PER_SECOND - 1;

	private final String displayName;

	private final int maxResidentSetSizeUnit;

	private final boolean supportsThread;

	private final Set<RusageField> unmaintained;

	RusageLayout(String displayName, int maxResidentSetSizeUnit, boolean supportsThread,
			Set<RusageField> unmaintained) {
		this.displayName = displayName;
		this.maxResidentSetSizeUnit = maxResidentSetSizeUnit;
		this.supportsThread = supportsThread;
		this.unmaintained = Collections.unmodifiableSet(unmaintained);
	}

	/**
	 * Returns the layout for an operating system, by its {@code os.name}.
	 * @param osName the value of the {@code os.name} system property
	 * @return the layout, or {@code null} if the platform has no {@code getrusage}
	 */
	static @Nullable RusageLayout forOperatingSystem(String osName) {
		if (osName.startsWith("Linux")) {
			return LINUX;
		}
		if (osName.startsWith("Mac") || osName.startsWith("Darwin")) {
			return MACOS;
		}
		return null;
	}

	/**
	 * Returns the microseconds held by a {@code tv_usec} word.
	 * @param tvUsecWord the raw word
	 * @return the microseconds
	 */
	abstract long micros(long tvUsecWord);

	String displayName() {
		return this.displayName;
	}

	boolean supportsThread() {
		return this.supportsThread;
	}

	Set<RusageField> unmaintained() {
		return this.unmaintained;
	}

	/**
	 * Decodes the raw words of a {@code struct rusage} that {@code getrusage} reported
	 * writing. Every word is checked: a negative value or a {@code tv_usec} of a million
	 * or more cannot come from the kernel (the struct is filled with -1 before each call,
	 * so a word the call did not write is negative) and fails the read.
	 * @param who whose usage the words hold
	 * @param words the struct's words
	 * @return the snapshot
	 * @throws GetrusageFailedException if a word is impossible
	 */
	// straight-line on purpose: it runs on every read, which allocates only the result
	ResourceUsage decode(Who who, long[] words) {
		long utimeSeconds = words[0];
		long utimeMicros = micros(words[1]);
		long stimeSeconds = words[2];
		long stimeMicros = micros(words[3]);
		long maxrss = words[4];
		long ixrss = words[5];
		long idrss = words[6];
		long isrss = words[7];
		long minflt = words[8];
		long majflt = words[9];
		long nswap = words[10];
		long inblock = words[11];
		long oublock = words[12];
		long msgsnd = words[13];
		long msgrcv = words[14];
		long nsignals = words[15];
		long nvcsw = words[16];
		long nivcsw = words[17];
		if ((utimeSeconds | utimeMicros | stimeSeconds | stimeMicros | maxrss | ixrss | idrss | isrss | minflt | majflt
				| nswap | inblock | oublock | msgsnd | msgrcv | nsignals | nvcsw | nivcsw) < 0
				|| utimeMicros >= MICROS_PER_SECOND || stimeMicros >= MICROS_PER_SECOND || utimeSeconds > MAX_SECONDS
				|| stimeSeconds > MAX_SECONDS) {
			throw new GetrusageFailedException("getrusage(" + RusageConstants.name(who) + ")",
					"it reported success but wrote impossible values (" + describe(words)
							+ "); a sandbox or seccomp filter may answer the call without making it");
		}
		return new ResourceUsage(who, utimeSeconds * MICROS_PER_SECOND + utimeMicros,
				stimeSeconds * MICROS_PER_SECOND + stimeMicros, maxrss, ixrss, idrss, isrss, minflt, majflt, nswap,
				inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw, this.maxResidentSetSizeUnit);
	}

	private static String describe(long[] words) {
		StringBuilder described = new StringBuilder("words");
		for (int i = 0; i < WORDS; i++) {
			described.append((i == 0) ? " " : ", ").append(words[i]);
		}
		return described.toString();
	}

}
