package dev.rusage.jna;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rusage.ResourceUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LibCRusage}, the JNA binding, against the real C library and kernel.
 */
@EnabledOnOs(OS.LINUX)
class LibCRusageTests {

	private final NativeRusage libc = NativeRusage.libc();

	@Test
	void getrusageFillsAll18Words() {
		long[] words = new long[RusageLayout.WORDS];
		Arrays.fill(words, -1);
		this.libc.getrusage(0, words);
		assertThat(Arrays.stream(words).boxed().toList()).allSatisfy((word) -> assertThat(word).isNotNegative());
		// tv_usec is below a second, ru_maxrss (KiB) and ru_minflt are counted
		assertThat(words[1]).isLessThan(1_000_000);
		assertThat(words[3]).isLessThan(1_000_000);
		assertThat(words[4]).isPositive();
		assertThat(words[8]).isPositive();
	}

	@Test
	void getrusageOfBothFailsWithTheKernelsEinval() {
		long[] words = new long[RusageLayout.WORDS];
		assertThatExceptionOfType(ResourceUsageException.class).isThrownBy(() -> this.libc.getrusage(-2, words))
			.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(22))
			.withMessage("getrusage(-2) failed: [Errno 22] Invalid argument");
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, -3, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void getrusageOfUnknownWhoFailsWithEinval(int who) {
		long[] words = new long[RusageLayout.WORDS];
		assertThatExceptionOfType(ResourceUsageException.class).isThrownBy(() -> this.libc.getrusage(who, words))
			.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(22))
			.withMessageContaining("getrusage(" + who + ")")
			.withMessageContaining("Invalid argument");
	}

	@Test
	void getrusageAfterAFailureStillWorks() {
		long[] words = new long[RusageLayout.WORDS];
		assertThatExceptionOfType(ResourceUsageException.class).isThrownBy(() -> this.libc.getrusage(-2, words));
		this.libc.getrusage(1, words);
		assertThat(words[4]).isPositive();
	}

	@Test
	void getpagesizeIsTheSystemPageSize() {
		assertThat(this.libc.getpagesize()).isEqualTo(Integer.parseInt(Getconf.get("PAGESIZE")));
	}

}
