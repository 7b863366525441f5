package dev.rusage.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RusageBinding} must do, checked against the real C library and
 * kernel: a binding's tests extend this class.
 */
@EnabledOnOs(OS.LINUX)
public abstract class RusageBindingContractTests {

	private static final int EINVAL = 22;

	/**
	 * Returns the binding under test.
	 * @return the binding
	 */
	protected abstract RusageBinding binding();

	@Test
	void getrusageFillsAll18Words() {
		RusageStruct struct = binding().allocate();
		struct.fill(-1);
		assertThat(struct.getrusage(RusageConstants.RUSAGE_SELF)).isZero();
		for (int i = 0; i < RusageStruct.WORDS; i++) {
			assertThat(words(struct)[i]).as("word %d", i).isNotNegative();
		}
		// tv_usec is below a second, ru_maxrss (KiB) and ru_minflt are counted
		assertThat(words(struct)[1]).isLessThan(1_000_000);
		assertThat(words(struct)[3]).isLessThan(1_000_000);
		assertThat(words(struct)[4]).isPositive();
		assertThat(words(struct)[8]).isPositive();
	}

	@Test
	void fillSetsEveryWord() {
		RusageStruct struct = binding().allocate();
		struct.fill(0x0102030405060708L);
		for (int i = 0; i < RusageStruct.WORDS; i++) {
			assertThat(words(struct)[i]).isEqualTo(0x0102030405060708L);
		}
	}

	@Test
	void getrusageOfBothFailsWithTheKernelsEinval() {
		assertThat(binding().allocate().getrusage(RusageConstants.RUSAGE_BOTH)).isEqualTo(EINVAL);
		assertThat(binding().strerror(EINVAL)).isEqualTo("Invalid argument");
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, -3, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void getrusageOfUnknownWhoFailsWithEinval(int who) {
		assertThat(binding().allocate().getrusage(who)).isEqualTo(EINVAL);
	}

	@Test
	void getrusageAfterAFailureStillWorks() {
		RusageStruct struct = binding().allocate();
		assertThat(struct.getrusage(RusageConstants.RUSAGE_BOTH)).isEqualTo(EINVAL);
		struct.fill(-1);
		assertThat(struct.getrusage(RusageConstants.RUSAGE_THREAD)).isZero();
		assertThat(words(struct)[4]).isPositive();
	}

	@Test
	void getpagesizeIsTheSystemPageSize() {
		assertThat(binding().getpagesize()).isEqualTo(Integer.parseInt(Getconf.get("PAGESIZE")));
	}

	@Test
	void structsAreDistinct() {
		RusageStruct one = binding().allocate();
		RusageStruct two = binding().allocate();
		one.fill(1);
		two.fill(2);
		assertThat(words(one)[0]).isOne();
		assertThat(words(two)[0]).isEqualTo(2);
	}

	private static long[] words(RusageStruct struct) {
		long[] words = new long[RusageStruct.WORDS];
		struct.copyTo(words);
		return words;
	}

}
