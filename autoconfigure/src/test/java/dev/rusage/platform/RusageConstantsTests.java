package dev.rusage.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RusageConstants}.
 */
class RusageConstantsTests {

	@Test
	void nativeValuesAreTheRusageConstants() {
		assertThat(RusageConstants.valueOf(Who.SELF)).isZero();
		assertThat(RusageConstants.valueOf(Who.CHILDREN)).isEqualTo(-1);
		assertThat(RusageConstants.valueOf(Who.THREAD)).isOne();
		assertThat(RusageConstants.valueOf(Who.BOTH)).isEqualTo(-2);
	}

	@Test
	void ofNativeValueReturnsTheSelector() {
		assertThat(RusageConstants.who(0)).isEqualTo(Who.SELF);
		assertThat(RusageConstants.who(-1)).isEqualTo(Who.CHILDREN);
		assertThat(RusageConstants.who(1)).isEqualTo(Who.THREAD);
		assertThat(RusageConstants.who(-2)).isEqualTo(Who.BOTH);
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, -3, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void ofInvalidNativeValueThrowsNamingTheValueAndTheValidOnes(int who) {
		assertThatIllegalArgumentException().isThrownBy(() -> RusageConstants.who(who))
			.withMessageContaining("Invalid who " + who + ";")
			.withMessageContaining("0 (RUSAGE_SELF), -1 (RUSAGE_CHILDREN), 1 (RUSAGE_THREAD), -2 (RUSAGE_BOTH)");
	}

}
