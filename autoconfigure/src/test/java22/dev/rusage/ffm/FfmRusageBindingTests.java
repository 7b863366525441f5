package dev.rusage.ffm;

import org.junit.jupiter.api.Test;

import dev.rusage.platform.RusageBinding;
import dev.rusage.platform.RusageBindingContractTests;
import dev.rusage.platform.RusageStruct;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FfmRusageBinding} against the real C library and kernel.
 */
class FfmRusageBindingTests extends RusageBindingContractTests {

	private static final int EINVAL = 22;

	@Override
	protected RusageBinding binding() {
		return FfmRusageBinding.load();
	}

	@Test
	void nameIsFfm() {
		assertThat(binding().name()).isEqualTo("ffm");
	}

	@Test
	void errnoIsTheCallsOwnEvenAfterManyFailures() {
		// errno is captured right after each call, not read later from the thread
		RusageStruct struct = binding().allocate();
		for (int i = 0; i < 20_000; i++) {
			assertThat(struct.getrusage(-2)).isEqualTo(EINVAL);
			assertThat(struct.getrusage(0)).isZero();
		}
	}

	@Test
	void strerrorOfAnUnknownErrnoIsTheSystemsMessage() {
		assertThat(binding().strerror(123456)).isEqualTo("Unknown error 123456");
	}

}
