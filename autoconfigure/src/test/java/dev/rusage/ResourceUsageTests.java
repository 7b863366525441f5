package dev.rusage;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ResourceUsage}.
 */
class ResourceUsageTests {

	@Test
	void timesAreSecondsWithMicrosecondPrecision() {
		ResourceUsage usage = usage(Who.SELF, 12_345_678, 1_000_001, 1024);
		assertThat(usage.userTimeSeconds()).isEqualTo(12.345678);
		assertThat(usage.systemTimeSeconds()).isEqualTo(1.000001);
	}

	@Test
	void timesAreDurations() {
		ResourceUsage usage = usage(Who.SELF, 12_345_678, 1_000_001, 1024);
		assertThat(usage.userTime()).isEqualTo(Duration.ofSeconds(12, 345_678_000));
		assertThat(usage.systemTime()).isEqualTo(Duration.ofSeconds(1, 1_000));
	}

	@Test
	void timesOfAYearOfCpuDoNotOverflow() {
		long yearMicros = Duration.ofDays(365).toNanos() / 1000 + 1;
		ResourceUsage usage = usage(Who.SELF, yearMicros, yearMicros, 1024);
		assertThat(usage.userTime()).isEqualTo(Duration.ofDays(365).plusNanos(1000));
		assertThat(usage.systemTimeSeconds()).isEqualTo(31_536_000.000001);
	}

	@Test
	void maxResidentSetSizeBytesOfKibibyteUnitIsTimes1024() {
		assertThat(usage(Who.SELF, 0, 0, 1024).maxResidentSetSizeBytes()).isEqualTo(1003L * 1024);
	}

	@Test
	void maxResidentSetSizeBytesOfByteUnitIsTheRawValue() {
		assertThat(usage(Who.SELF, 0, 0, 1).maxResidentSetSizeBytes()).isEqualTo(1003L);
	}

	@Test
	void maxResidentSetSizeBytesOfLargeKibibyteValueDoesNotOverflowInt() {
		ResourceUsage usage = new ResourceUsage(Who.SELF, 0, 0, 64L * 1024 * 1024, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				0, 1024);
		assertThat(usage.maxResidentSetSizeBytes()).isEqualTo(64L * 1024 * 1024 * 1024);
	}

	@Test
	void valuesAreInIndexOrderWithSecondsAsDoubleAndOthersAsLong() {
		ResourceUsage usage = usage(Who.SELF, 1_500_000, 250_000, 1024);
		assertThat(usage.values()).containsExactly(1.5, 0.25, 1003L, 1004L, 1005L, 1006L, 1007L, 1008L, 1009L, 1010L,
				1011L, 1012L, 1013L, 1014L, 1015L, 1016L);
		assertThat(usage.values().get(0)).isInstanceOf(Double.class);
		assertThat(usage.values().get(1)).isInstanceOf(Double.class);
		assertThat(usage.values().subList(2, 16)).allSatisfy((value) -> assertThat(value).isInstanceOf(Long.class));
	}

	@Test
	void valuesHaveOneEntryPerFieldMatchingGet() {
		ResourceUsage usage = usage(Who.SELF, 1_500_000, 250_000, 1024);
		List<Number> values = usage.values();
		assertThat(values).hasSize(16);
		for (RusageField field : RusageField.values()) {
			assertThat(values.get(field.index())).as(field.fieldName()).isEqualTo(usage.get(field));
		}
	}

	@Test
	void getReturnsTheFieldsAccessor() {
		ResourceUsage usage = usage(Who.SELF, 1_500_000, 250_000, 1024);
		assertThat(usage.get(RusageField.MAXRSS)).isEqualTo(usage.maxResidentSetSize());
		assertThat(usage.get(RusageField.IXRSS)).isEqualTo(usage.sharedMemorySize());
		assertThat(usage.get(RusageField.IDRSS)).isEqualTo(usage.unsharedDataSize());
		assertThat(usage.get(RusageField.ISRSS)).isEqualTo(usage.unsharedStackSize());
		assertThat(usage.get(RusageField.MINFLT)).isEqualTo(usage.minorPageFaults());
		assertThat(usage.get(RusageField.MAJFLT)).isEqualTo(usage.majorPageFaults());
		assertThat(usage.get(RusageField.NSWAP)).isEqualTo(usage.swaps());
		assertThat(usage.get(RusageField.INBLOCK)).isEqualTo(usage.blockInputOperations());
		assertThat(usage.get(RusageField.OUBLOCK)).isEqualTo(usage.blockOutputOperations());
		assertThat(usage.get(RusageField.MSGSND)).isEqualTo(usage.messagesSent());
		assertThat(usage.get(RusageField.MSGRCV)).isEqualTo(usage.messagesReceived());
		assertThat(usage.get(RusageField.NSIGNALS)).isEqualTo(usage.signalsReceived());
		assertThat(usage.get(RusageField.NVCSW)).isEqualTo(usage.voluntaryContextSwitches());
		assertThat(usage.get(RusageField.NIVCSW)).isEqualTo(usage.involuntaryContextSwitches());
	}

	@Test
	void fieldNamesAreTheCNamesInIndexOrder() {
		assertThat(RusageField.values()).extracting(RusageField::fieldName)
			.containsExactly("ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt",
					"ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals",
					"ru_nvcsw", "ru_nivcsw");
		assertThat(RusageField.values()).extracting(RusageField::index)
			.containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	}

	@Test
	void bothSumsTimesAndCountersAndTakesTheLargerMaxResidentSetSize() {
		ResourceUsage self = usage(Who.SELF, 1_500_000, 250_000, 1024);
		ResourceUsage children = new ResourceUsage(Who.CHILDREN, 2_600_000, 700_000, 5000, 2, 3, 4, 5, 6, 7, 8, 9, 10,
				11, 12, 13, 14, 1024);
		ResourceUsage both = ResourceUsage.both(self, children);
		assertThat(both).isEqualTo(new ResourceUsage(Who.BOTH, 4_100_000, 950_000, 5000, 1006, 1008, 1010, 1012, 1014,
				1016, 1018, 1020, 1022, 1024, 1026, 1028, 1030, 1024));
	}

	@Test
	void bothKeepsTheMaxResidentSetSizeOfSelfWhenLarger() {
		ResourceUsage self = usage(Who.SELF, 0, 0, 1024);
		ResourceUsage children = new ResourceUsage(Who.CHILDREN, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1024);
		assertThat(ResourceUsage.both(self, children).maxResidentSetSize()).isEqualTo(1003);
		assertThat(ResourceUsage.both(self, children).maxResidentSetSizeUnit()).isEqualTo(1024);
	}

	@Test
	void bothRejectsUsageNotReadForSelfAndChildren() {
		ResourceUsage self = usage(Who.SELF, 0, 0, 1024);
		ResourceUsage children = usage(Who.CHILDREN, 0, 0, 1024);
		ResourceUsage thread = usage(Who.THREAD, 0, 0, 1024);
		ResourceUsage both = usage(Who.BOTH, 0, 0, 1024);
		assertThatIllegalArgumentException().isThrownBy(() -> ResourceUsage.both(children, self))
			.withMessage("Expected SELF and CHILDREN usage but got CHILDREN and SELF");
		assertThatIllegalArgumentException().isThrownBy(() -> ResourceUsage.both(self, self))
			.withMessage("Expected SELF and CHILDREN usage but got SELF and SELF");
		assertThatIllegalArgumentException().isThrownBy(() -> ResourceUsage.both(thread, children))
			.withMessage("Expected SELF and CHILDREN usage but got THREAD and CHILDREN");
		assertThatIllegalArgumentException().isThrownBy(() -> ResourceUsage.both(self, both))
			.withMessage("Expected SELF and CHILDREN usage but got SELF and BOTH");
	}

	@Test
	void bothRejectsUsageReadOnDifferentPlatforms() {
		ResourceUsage self = usage(Who.SELF, 0, 0, 1024);
		ResourceUsage children = usage(Who.CHILDREN, 0, 0, 1);
		assertThatIllegalArgumentException().isThrownBy(() -> ResourceUsage.both(self, children))
			.withMessageContaining("different platforms");
	}

	@Test
	void createWithoutWhoThrows() {
		assertThatNullPointerException()
			.isThrownBy(() -> new ResourceUsage(null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1024))
			.withMessage("'who' must not be null");
	}

	@Test
	void createWithNonPositiveMaxResidentSetSizeUnitThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> usage(Who.SELF, 0, 0, 0))
			.withMessage("'maxResidentSetSizeUnit' must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> usage(Who.SELF, 0, 0, -1024))
			.withMessage("'maxResidentSetSizeUnit' must be positive");
	}

	/**
	 * A usage whose 14 integer fields hold 1003 to 1016, one distinct value per field.
	 */
	private static ResourceUsage usage(Who who, long userTimeMicros, long systemTimeMicros, int unit) {
		return new ResourceUsage(who, userTimeMicros, systemTimeMicros, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010,
				1011, 1012, 1013, 1014, 1015, 1016, unit);
	}

}
