package dev.rusage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Who}.
 */
class WhoTests {

	@Test
	void idIsTheLowerCaseName() {
		assertThat(Who.values()).extracting(Who::id).containsExactly("self", "children", "thread", "both");
	}

	@Test
	void ofIdIgnoresCase() {
		assertThat(Who.of("self")).isEqualTo(Who.SELF);
		assertThat(Who.of("Children")).isEqualTo(Who.CHILDREN);
		assertThat(Who.of("THREAD")).isEqualTo(Who.THREAD);
		assertThat(Who.of("bOtH")).isEqualTo(Who.BOTH);
	}

	@Test
	void ofUnknownIdThrowsNamingTheValueAndTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Who.of("everyone"))
			.withMessage("Invalid who 'everyone'; valid values are self, children, thread, both");
	}

	@Test
	void ofUnknownIdEscapesControlCharactersInTheMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> Who.of("self\r\nX-Injected: 1"))
			.withMessageStartingWith("Invalid who 'self\\u000d\\u000aX-Injected: 1';")
			.withMessageNotContaining("\n");
	}

	@Test
	void ofUnknownIdCapsTheQuotedValue() {
		String longId = "x".repeat(1000);
		assertThatIllegalArgumentException().isThrownBy(() -> Who.of(longId))
			.withMessage("Invalid who '" + "x".repeat(40) + "...'; valid values are self, children, thread, both");
	}

	@Test
	void validIdsListsEveryIdInOrder() {
		assertThat(Who.validIds()).isEqualTo("self, children, thread, both");
	}

}
