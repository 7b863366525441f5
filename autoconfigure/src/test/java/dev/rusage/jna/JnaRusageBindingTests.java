package dev.rusage.jna;

import org.junit.jupiter.api.Test;

import dev.rusage.platform.RusageBinding;
import dev.rusage.platform.RusageBindingContractTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JnaRusageBinding} against the real C library and kernel.
 */
class JnaRusageBindingTests extends RusageBindingContractTests {

	@Override
	protected RusageBinding binding() {
		return JnaRusageBinding.load();
	}

	@Test
	void nameIsJna() {
		assertThat(binding().name()).isEqualTo("jna");
	}

}
