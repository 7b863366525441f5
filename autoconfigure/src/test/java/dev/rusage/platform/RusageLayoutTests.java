package dev.rusage.platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import dev.rusage.GetrusageFailedException;
import dev.rusage.ResourceUsage;
import dev.rusage.RusageField;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RusageLayout}: synthetic {@code struct rusage} buffers written byte by
 * byte in each platform's C layout, one distinct value per field so that a swapped or
 * shifted offset fails.
 */
class RusageLayoutTests {

	// ru_maxrss and the 13 longs after it, at offsets 32 to 136
	private static final long[] LONGS = { 262_144, 3, 4, 5, 12_345, 12, 6, 7, 8, 9, 10, 11, 8_582, 267 };

	@Test
	void structIs144BytesOf18Words() {
		assertThat(RusageStruct.SIZE).isEqualTo(144);
		assertThat(RusageStruct.WORDS).isEqualTo(18);
	}

	@Test
	void decodeLinuxLayout() {
		ResourceUsage usage = RusageLayout.LINUX.decode(Who.SELF, words(linuxStruct(12, 345_678, 1, 234_567)));
		assertThat(usage.who()).isEqualTo(Who.SELF);
		assertThat(usage.userTimeMicros()).isEqualTo(12_345_678);
		assertThat(usage.systemTimeMicros()).isEqualTo(1_234_567);
		assertLongFields(usage);
	}

	@Test
	void decodeLinuxLayoutKeepsMaxResidentSetSizeInKibibytes() {
		ResourceUsage usage = RusageLayout.LINUX.decode(Who.SELF, words(linuxStruct(0, 0, 0, 0)));
		assertThat(usage.maxResidentSetSize()).isEqualTo(262_144);
		assertThat(usage.maxResidentSetSizeUnit()).isEqualTo(1024);
		assertThat(usage.maxResidentSetSizeBytes()).isEqualTo(268_435_456);
	}

	@Test
	void decodeLinuxLayoutOfLargestMicroseconds() {
		ResourceUsage usage = RusageLayout.LINUX.decode(Who.THREAD,
				words(linuxStruct(86_400, 999_999, 3_000_000_000L, 999_999)));
		assertThat(usage.who()).isEqualTo(Who.THREAD);
		assertThat(usage.userTimeMicros()).isEqualTo(86_400_999_999L);
		assertThat(usage.systemTimeMicros()).isEqualTo(3_000_000_000_999_999L);
	}

	@Test
	void decodeMacOsLayoutIgnoresThePaddingAfterTvUsec() {
		ResourceUsage usage = RusageLayout.MACOS.decode(Who.CHILDREN,
				words(macOsStruct(12, 345_678, 1, 234_567, 0xDEADBEEF)));
		assertThat(usage.who()).isEqualTo(Who.CHILDREN);
		assertThat(usage.userTimeMicros()).isEqualTo(12_345_678);
		assertThat(usage.systemTimeMicros()).isEqualTo(1_234_567);
		assertLongFields(usage);
	}

	@Test
	void decodeMacOsLayoutIgnoresPaddingWithEveryBitSet() {
		ResourceUsage usage = RusageLayout.MACOS.decode(Who.SELF, words(macOsStruct(7, 999_999, 0, 1, 0xFFFFFFFF)));
		assertThat(usage.userTimeMicros()).isEqualTo(7_999_999);
		assertThat(usage.systemTimeMicros()).isEqualTo(1);
	}

	@Test
	void decodeMacOsLayoutKeepsMaxResidentSetSizeInBytes() {
		ResourceUsage usage = RusageLayout.MACOS.decode(Who.SELF, words(macOsStruct(0, 0, 0, 0, 0x7F7F7F7F)));
		assertThat(usage.maxResidentSetSize()).isEqualTo(262_144);
		assertThat(usage.maxResidentSetSizeUnit()).isOne();
		assertThat(usage.maxResidentSetSizeBytes()).isEqualTo(262_144);
	}

	@Test
	void linuxSupportsThread() {
		assertThat(RusageLayout.LINUX.supportsThread()).isTrue();
	}

	@Test
	void macOsDoesNotSupportThread() {
		assertThat(RusageLayout.MACOS.supportsThread()).isFalse();
	}

	@Test
	void linuxDoesNotMaintainSevenFields() {
		// getrusage(2): "unused. This field is currently unused on Linux."
		assertThat(RusageLayout.LINUX.unmaintained()).containsExactly(RusageField.IXRSS, RusageField.IDRSS,
				RusageField.ISRSS, RusageField.NSWAP, RusageField.MSGSND, RusageField.MSGRCV, RusageField.NSIGNALS);
	}

	@Test
	void macOsDoesNotMaintainIntegralSizesAndSwaps() {
		assertThat(RusageLayout.MACOS.unmaintained()).containsExactly(RusageField.IXRSS, RusageField.IDRSS,
				RusageField.ISRSS, RusageField.NSWAP);
	}

	@Test
	void unmaintainedCannotBeChanged() {
		for (RusageLayout layout : RusageLayout.values()) {
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> layout.unmaintained().add(RusageField.UTIME));
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> layout.unmaintained().clear());
		}
		assertThat(RusageLayout.LINUX.unmaintained()).hasSize(7);
	}

	@Test
	void unmaintainedNeverIncludesCpuTimesMaxResidentSetSizeOrFaults() {
		for (RusageLayout layout : RusageLayout.values()) {
			assertThat(layout.unmaintained())
				.doesNotContainAnyElementsOf(EnumSet.of(RusageField.UTIME, RusageField.STIME, RusageField.MAXRSS,
						RusageField.MINFLT, RusageField.MAJFLT, RusageField.NVCSW, RusageField.NIVCSW));
		}
	}

	@Test
	void forOperatingSystemOfLinux() {
		assertThat(RusageLayout.forOperatingSystem("Linux")).isEqualTo(RusageLayout.LINUX);
	}

	@Test
	void forOperatingSystemOfMacOs() {
		assertThat(RusageLayout.forOperatingSystem("Mac OS X")).isEqualTo(RusageLayout.MACOS);
		assertThat(RusageLayout.forOperatingSystem("Darwin")).isEqualTo(RusageLayout.MACOS);
	}

	@Test
	void forOperatingSystemWithoutGetrusageIsNull() {
		assertThat(RusageLayout.forOperatingSystem("Windows 11")).isNull();
		assertThat(RusageLayout.forOperatingSystem("Windows Server 2022")).isNull();
		assertThat(RusageLayout.forOperatingSystem("")).isNull();
	}

	@Test
	void displayNames() {
		assertThat(RusageLayout.LINUX.displayName()).isEqualTo("Linux");
		assertThat(RusageLayout.MACOS.displayName()).isEqualTo("macOS");
	}

	private static void assertLongFields(ResourceUsage usage) {
		assertThat(usage.maxResidentSetSize()).isEqualTo(LONGS[0]);
		assertThat(usage.sharedMemorySize()).isEqualTo(LONGS[1]);
		assertThat(usage.unsharedDataSize()).isEqualTo(LONGS[2]);
		assertThat(usage.unsharedStackSize()).isEqualTo(LONGS[3]);
		assertThat(usage.minorPageFaults()).isEqualTo(LONGS[4]);
		assertThat(usage.majorPageFaults()).isEqualTo(LONGS[5]);
		assertThat(usage.swaps()).isEqualTo(LONGS[6]);
		assertThat(usage.blockInputOperations()).isEqualTo(LONGS[7]);
		assertThat(usage.blockOutputOperations()).isEqualTo(LONGS[8]);
		assertThat(usage.messagesSent()).isEqualTo(LONGS[9]);
		assertThat(usage.messagesReceived()).isEqualTo(LONGS[10]);
		assertThat(usage.signalsReceived()).isEqualTo(LONGS[11]);
		assertThat(usage.voluntaryContextSwitches()).isEqualTo(LONGS[12]);
		assertThat(usage.involuntaryContextSwitches()).isEqualTo(LONGS[13]);
	}

	/**
	 * Linux x86_64 and aarch64: {@code struct timeval} is {@code time_t tv_sec} (8 bytes)
	 * and {@code suseconds_t tv_usec} (8 bytes).
	 */
	private static ByteBuffer linuxStruct(long utimeSec, long utimeUsec, long stimeSec, long stimeUsec) {
		ByteBuffer struct = struct();
		struct.putLong(0, utimeSec);
		struct.putLong(8, utimeUsec);
		struct.putLong(16, stimeSec);
		struct.putLong(24, stimeUsec);
		return struct;
	}

	/**
	 * macOS (XNU {@code sys/_types/_timeval.h}): {@code __darwin_time_t tv_sec} (8 bytes)
	 * and {@code __darwin_suseconds_t tv_usec} (a 4-byte int), then 4 bytes of padding
	 * that the kernel does not clear.
	 */
	private static ByteBuffer macOsStruct(long utimeSec, int utimeUsec, long stimeSec, int stimeUsec, int padding) {
		ByteBuffer struct = struct();
		struct.putLong(0, utimeSec);
		struct.putInt(8, utimeUsec);
		struct.putInt(12, padding);
		struct.putLong(16, stimeSec);
		struct.putInt(24, stimeUsec);
		struct.putInt(28, ~padding);
		return struct;
	}

	private static ByteBuffer struct() {
		// both platforms this layout serves (x86_64, arm64) are little-endian
		ByteBuffer struct = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < LONGS.length; i++) {
			struct.putLong(32 + i * Long.BYTES, LONGS[i]);
		}
		return struct;
	}

	private static long[] words(ByteBuffer struct) {
		long[] words = new long[RusageStruct.WORDS];
		struct.asLongBuffer().get(words);
		return words;
	}

	@Test
	void decodeOfAStructTheCallDidNotWriteFails() {
		long[] unwritten = new long[RusageStruct.WORDS];
		java.util.Arrays.fill(unwritten, -1);
		assertThatExceptionOfType(GetrusageFailedException.class)
			.isThrownBy(() -> RusageLayout.LINUX.decode(Who.SELF, unwritten))
			.withMessageStartingWith("getrusage(RUSAGE_SELF) failed: it reported success but wrote impossible values");
		assertThatExceptionOfType(GetrusageFailedException.class)
			.isThrownBy(() -> RusageLayout.MACOS.decode(Who.SELF, unwritten));
	}

	@Test
	void decodeOfAMillionMicrosecondsFails() {
		assertThatExceptionOfType(GetrusageFailedException.class)
			.isThrownBy(() -> RusageLayout.LINUX.decode(Who.THREAD, words(linuxStruct(1, 1_000_000, 0, 0))));
		assertThatExceptionOfType(GetrusageFailedException.class)
			.isThrownBy(() -> RusageLayout.LINUX.decode(Who.THREAD, words(linuxStruct(1, 0, 0, 1_000_000))));
		assertThatExceptionOfType(GetrusageFailedException.class)
			.isThrownBy(() -> RusageLayout.MACOS.decode(Who.SELF, words(macOsStruct(0, 1_000_000, 0, 0, 0))));
	}

	@Test
	void decodeOfSecondsThatWouldOverflowMicrosecondsFails() {
		assertThatExceptionOfType(GetrusageFailedException.class).isThrownBy(
				() -> RusageLayout.LINUX.decode(Who.SELF, words(linuxStruct(Long.MAX_VALUE / 1_000_000, 0, 0, 0))));
	}

}
