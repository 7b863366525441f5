package dev.rusage.jna;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

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
			// the low 4 bytes of the little-endian word; the padding above them is
			// garbage
			return (int) tvUsecWord;
		}

	};

	/** Size of {@code struct rusage} in bytes. */
	static final int SIZE = 144;

	/** Size of {@code struct rusage} in 64-bit words. */
	static final int WORDS = SIZE / Long.BYTES;

	private static final long MICROS_PER_SECOND = 1_000_000L;

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
	 * Decodes the raw words of a {@code struct rusage}.
	 * @param who whose usage the words hold
	 * @param words the 18 words
	 * @return the snapshot
	 */
	ResourceUsage decode(Who who, long[] words) {
		return new ResourceUsage(who, words[0] * MICROS_PER_SECOND + micros(words[1]),
				words[2] * MICROS_PER_SECOND + micros(words[3]), words[4], words[5], words[6], words[7], words[8],
				words[9], words[10], words[11], words[12], words[13], words[14], words[15], words[16], words[17],
				this.maxResidentSetSizeUnit);
	}

}
