package dev.rusage.platform;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rusage.MalformedSelectors;
import dev.rusage.MalformedSelectors.Selector;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bad-input corpus of {@link MalformedSelectors} through the Java API, against the
 * real native service: only {@link IllegalArgumentException}, never a native call with a
 * bad value.
 */
@EnabledOnOs(OS.LINUX)
class ResourceUsageServiceBadInputTests {

	private static final ResourceUsageService service = PlatformResourceUsageService.create();

	@ParameterizedTest
	@MethodSource("dev.rusage.MalformedSelectors#malformed")
	void whoOfMalformedNameThrowsIllegalArgumentExceptionWithPrintableMessage(Selector selector) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Who.of(selector.decoded()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("self, children, thread, both")
				.hasSizeLessThan(200)
				.doesNotContainPattern("\\p{Cntrl}"));
	}

	@ParameterizedTest
	@MethodSource("dev.rusage.MalformedSelectors#validCaseVariants")
	void whoOfCaseVariantOfValidNameReturnsSelector(Selector selector) {
		assertThat(Who.of(selector.decoded()).id()).isEqualToIgnoringCase(selector.decoded());
	}

	@ParameterizedTest
	@MethodSource("invalidNativeValues")
	void getrusageWithInvalidNativeValueThrowsIllegalArgumentExceptionNamingIt(int who) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> service.getrusage(who))
			.withMessageContaining(Integer.toString(who))
			.withMessageContaining("0 (RUSAGE_SELF)");
	}

	@Test
	void getrusageOverSmallIntRangeAcceptsOnlyTheFourNativeValues() {
		int[] accepted = IntStream.rangeClosed(-10_000, 10_000).filter(this::accepts).toArray();
		assertThat(accepted).containsExactly(-2, -1, 0, 1);
	}

	private boolean accepts(int who) {
		try {
			return RusageConstants.valueOf(service.getrusage(who).who()) == who;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static Stream<Integer> invalidNativeValues() {
		return MalformedSelectors.invalidNativeValues();
	}

}
