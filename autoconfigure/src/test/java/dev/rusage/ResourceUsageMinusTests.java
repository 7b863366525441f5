package dev.rusage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ResourceUsage#minus(ResourceUsage)}.
 */
class ResourceUsageMinusTests {

	@Test
	void minusSubtractsTimesAndCountersAndKeepsTheLaterPeak() {
		ResourceUsage earlier = usage(Who.THREAD, 1, 1024);
		ResourceUsage later = new ResourceUsage(Who.THREAD, 3_500_000, 600_000, 9000, 0, 0, 0, 150, 12, 0, 30, 40, 0, 0,
				0, 70, 80, 1024);
		ResourceUsage difference = later.minus(earlier);
		assertThat(difference).isEqualTo(new ResourceUsage(Who.THREAD, 2_500_000, 500_000, 9000, 0, 0, 0, 140, 11, 0,
				28, 37, 0, 0, 0, 66, 75, 1024));
		assertThat(difference.userTimeSeconds()).isEqualTo(2.5);
		assertThat(difference.maxResidentSetSizeBytes()).isEqualTo(9000 * 1024);
	}

	@Test
	void minusOfDifferentWhoIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> usage(Who.SELF, 1, 1024).minus(usage(Who.THREAD, 1, 1024)))
			.withMessageContaining("THREAD")
			.withMessageContaining("SELF");
	}

	@Test
	void minusOfDifferentPlatformsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> usage(Who.SELF, 1, 1024).minus(usage(Who.SELF, 1, 1)))
			.withMessageContaining("platforms");
	}

	private static ResourceUsage usage(Who who, long base, int maxResidentSetSizeUnit) {
		return new ResourceUsage(who, 1_000_000 * base, 100_000 * base, 8000, 0, 0, 0, 10 * base, base, 0, 2 * base,
				3 * base, 0, 0, 0, 4 * base, 5 * base, maxResidentSetSizeUnit);
	}

}
