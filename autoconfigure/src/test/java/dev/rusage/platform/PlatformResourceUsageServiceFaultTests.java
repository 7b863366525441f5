package dev.rusage.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.rusage.GetrusageFailedException;
import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageException;
import dev.rusage.ResourceUsageService;
import dev.rusage.ResourceUsageUnavailableException;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.UnmeasurableThreadException;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PlatformResourceUsageService} with fake bindings, for the faults the
 * real kernel cannot be made to produce inside a unit test: another platform, a binding
 * that does not load, a failing call, a call that reports success without writing.
 */
class PlatformResourceUsageServiceFaultTests {

	@Test
	void createOnWindowsIsUnavailableWithoutTouchingTheBinding() {
		ResourceUsageService service = PlatformResourceUsageService.create("Windows 11", () -> {
			throw new AssertionError("binding must not be loaded");
		});
		assertThat(service).isInstanceOf(UnavailableResourceUsageService.class);
		assertThat(service.isAvailable()).isFalse();
		assertThat(service.isThreadUsageSupported()).isFalse();
		assertThat(service.isThreadMeasurable()).isFalse();
		assertThat(service.unmaintainedFields()).isEmpty();
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(() -> service.getrusage(Who.SELF))
			.withMessage("getrusage(2) does not exist on Windows 11");
		assertThat(((UnavailableResourceUsageService) service).detail()).contains("Linux and macOS only");
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(() -> service.getrusage(0))
			.withMessageContaining("Windows 11");
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(service::getpagesize)
			.withMessageContaining("Windows 11");
	}

	@Test
	void createWhenNoBindingLoadsIsUnavailableWithAShortReasonAndTheDetailForTheLog() {
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> {
			throw new RusageBindings.BindingUnavailableException("no native binding could be loaded (tried jna)",
					"jna: JNA's native library could not be loaded (/tmp/jna-123/jna456.tmp: failed to map segment)");
		});
		UnavailableResourceUsageService unavailable = (UnavailableResourceUsageService) service;
		assertThat(unavailable.reason()).isEqualTo("no native binding could be loaded (tried jna)");
		assertThat(unavailable.detail()).contains("/tmp/jna-123/jna456.tmp: failed to map segment");
		// a client sees the short reason only, never the server's paths
		assertThatExceptionOfType(ResourceUsageUnavailableException.class)
			.isThrownBy(() -> service.getrusage(Who.THREAD))
			.withMessage("no native binding could be loaded (tried jna)");
	}

	@Test
	void createWhenTheBindingFailsToBeCreatedIsUnavailable() {
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> {
			throw new IllegalStateException("user's binding is broken");
		});
		UnavailableResourceUsageService unavailable = (UnavailableResourceUsageService) service;
		assertThat(unavailable.reason()).isEqualTo("the native binding could not be created");
		assertThat(unavailable.detail()).contains("user's binding is broken").doesNotContain("JNA");
	}

	@Test
	void createWhenTheFirstNativeCallFailsIsUnavailableNamingTheBinding() {
		FakeBinding binding = new FakeBinding() {

			@Override
			public int getpagesize() {
				throw new UnsatisfiedLinkError("Error looking up function 'getpagesize'");
			}

		};
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
		assertThat(service.isAvailable()).isFalse();
		UnavailableResourceUsageService unavailable = (UnavailableResourceUsageService) service;
		assertThat(unavailable.reason()).isEqualTo("the fake binding failed");
		assertThat(unavailable.detail()).contains("Error looking up function 'getpagesize'");
	}

	@Test
	void createDoesNotSwallowVirtualMachineErrors() {
		OutOfMemoryError error = new OutOfMemoryError("Metaspace");
		Supplier<RusageBinding> binding = () -> {
			throw error;
		};
		assertThatExceptionOfType(OutOfMemoryError.class)
			.isThrownBy(() -> PlatformResourceUsageService.create("Linux", binding))
			.isSameAs(error);
	}

	@Test
	void threadOnMacOsIsUnmeasurableWithoutCallingTheKernel() {
		FakeBinding binding = new FakeBinding();
		ResourceUsageService service = PlatformResourceUsageService.create("Mac OS X", () -> binding);
		assertThatExceptionOfType(UnmeasurableThreadException.class).isThrownBy(() -> service.getrusage(Who.THREAD))
			.withMessage("RUSAGE_THREAD is not supported on macOS; use self or children");
		assertThatExceptionOfType(UnmeasurableThreadException.class).isThrownBy(() -> service.getrusage(1))
			.withMessageContaining("macOS");
		assertThat(binding.calls).isEmpty();
		assertThat(service.isAvailable()).isTrue();
		assertThat(service.isThreadUsageSupported()).isFalse();
		assertThat(service.isThreadMeasurable()).isFalse();
	}

	@Test
	void measureOnMacOsRunsTheBlockAndSaysWhyItIsUnmeasured() {
		ResourceUsageService service = PlatformResourceUsageService.create("Mac OS X", FakeBinding::new);
		assertThat(service.measure(() -> "done")).satisfies((measurement) -> {
			assertThat(measurement.result()).isEqualTo("done");
			assertThat(measurement.isMeasured()).isFalse();
			assertThat(measurement.usage()).isEmpty();
			assertThat(measurement.cpuTime()).isEmpty();
			assertThat(measurement.failure()).containsInstanceOf(UnmeasurableThreadException.class);
		});
	}

	@Test
	void selfOnMacOsDecodesTheMacOsLayout() {
		FakeBinding binding = new FakeBinding();
		binding.padding = 0xCAFEBABE_00000000L;
		ResourceUsageService service = PlatformResourceUsageService.create("Mac OS X", () -> binding);
		ResourceUsage usage = service.getrusage(Who.SELF);
		assertThat(binding.calls).containsExactly(0);
		assertThat(usage.who()).isEqualTo(Who.SELF);
		// the padding above the 4-byte tv_usec is ignored
		assertThat(usage.userTimeMicros()).isEqualTo(3_000_250);
		assertThat(usage.systemTimeMicros()).isEqualTo(1_000_125);
		assertThat(usage.maxResidentSetSize()).isEqualTo(268_435_456);
		assertThat(usage.maxResidentSetSizeBytes()).isEqualTo(268_435_456);
		assertThat(usage.involuntaryContextSwitches()).isEqualTo(17);
		assertThat(service.unmaintainedFields()).hasSize(4);
		assertThat(service.getpagesize()).isEqualTo(16_384);
		assertThat(service.binding()).isEqualTo("fake");
		assertThat(service).hasToString("PlatformResourceUsageService[macOS, fake]");
	}

	@Test
	void bothOnMacOsIsEmulatedWithSelfAndChildren() {
		FakeBinding binding = new FakeBinding();
		binding.padding = 0xFFFFFFFF_00000000L;
		ResourceUsageService service = PlatformResourceUsageService.create("Mac OS X", () -> binding);
		ResourceUsage both = service.getrusage(Who.BOTH);
		assertThat(binding.calls).containsExactly(0, -1);
		assertThat(both.who()).isEqualTo(Who.BOTH);
		assertThat(both.userTimeMicros()).isEqualTo(6_000_500);
		assertThat(both.maxResidentSetSize()).isEqualTo(268_435_456);
		assertThat(both.involuntaryContextSwitches()).isEqualTo(34);
	}

	@Test
	void eachWhoCallsTheKernelWithItsRusageConstant() {
		FakeBinding binding = new FakeBinding();
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
		service.getrusage(Who.SELF);
		service.getrusage(Who.CHILDREN);
		service.getrusage(Who.THREAD);
		service.getrusage(Who.BOTH);
		// RUSAGE_BOTH (-2) is never passed: Linux answers EINVAL
		assertThat(binding.calls).containsExactly(0, -1, 1, 0, -1);
	}

	@Test
	void getpagesizeIsReadOnce() {
		FakeBinding binding = new FakeBinding();
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
		for (int i = 0; i < 3; i++) {
			assertThat(service.getpagesize()).isEqualTo(16_384);
		}
		assertThat(binding.pagesizeCalls).isOne();
	}

	@Test
	void failedCallThrowsWithErrnoAndTheSystemsMessage() {
		FakeBinding binding = new FakeBinding();
		binding.errno = 14;
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
		assertThat(service.isAvailable()).isTrue();
		assertThatExceptionOfType(GetrusageFailedException.class).isThrownBy(() -> service.getrusage(Who.SELF))
			.withMessage("getrusage(RUSAGE_SELF) failed: [Errno 14] strerror(14)")
			.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(14));
		assertThatExceptionOfType(GetrusageFailedException.class).isThrownBy(() -> service.getrusage(Who.BOTH));
	}

	@Test
	void callThatReportsSuccessWithoutWritingTheStructFailsInsteadOfServingStaleMemory() {
		FakeBinding binding = new FakeBinding();
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
		// a real read first, so that every pooled struct once held plausible values
		for (int i = 0; i < 64; i++) {
			service.getrusage(Who.SELF);
		}
		binding.writes = false;
		for (Who who : Who.values()) {
			assertThatExceptionOfType(GetrusageFailedException.class).isThrownBy(() -> service.getrusage(who))
				.withMessageContaining("reported success but wrote impossible values")
				.satisfies((ex) -> assertThat(ex.errno()).isZero());
		}
	}

	@Test
	void impossibleValuesFailTheRead() {
		for (int word = 0; word < RusageStruct.WORDS; word++) {
			FakeBinding binding = new FakeBinding();
			binding.override(word, Long.MIN_VALUE);
			ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
			assertThatExceptionOfType(GetrusageFailedException.class).as("word %d negative", word)
				.isThrownBy(() -> service.getrusage(Who.SELF));
		}
		for (int word : new int[] { 1, 3 }) {
			FakeBinding binding = new FakeBinding();
			binding.override(word, 1_000_000);
			ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
			assertThatExceptionOfType(GetrusageFailedException.class).as("tv_usec word %d", word)
				.isThrownBy(() -> service.getrusage(Who.THREAD));
		}
	}

	@Test
	void bindingThatThrowsFailsTheReadAsAGetrusageFailure() {
		FakeBinding binding = new FakeBinding() {

			@Override
			public RusageStruct allocate() {
				FakeStruct struct = new FakeStruct(this) {

					@Override
					public int getrusage(int who) {
						throw new IllegalStateException("binding bug");
					}

				};
				return struct;
			}

		};
		ResourceUsageService service = PlatformResourceUsageService.create("Linux", () -> binding);
		assertThatExceptionOfType(GetrusageFailedException.class).isThrownBy(() -> service.getrusage(Who.SELF))
			.withMessageContaining("the fake binding failed")
			.withMessageContaining("binding bug")
			.isInstanceOf(ResourceUsageException.class);
		// the struct went back to the pool: the next reads do not wait for it
		assertThatExceptionOfType(GetrusageFailedException.class).isThrownBy(() -> service.getrusage(Who.SELF));
	}

	/**
	 * A binding that records its calls and answers with a fixed {@code struct rusage},
	 * optionally with garbage in the padding after each 4-byte {@code tv_usec} (macOS).
	 */
	static class FakeBinding implements RusageBinding {

		final List<Integer> calls = new ArrayList<>();

		final long[] overrides = new long[RusageStruct.WORDS];

		final boolean[] overridden = new boolean[RusageStruct.WORDS];

		int pagesizeCalls;

		// what the four bytes after each 4-byte tv_usec hold (macOS)
		long padding;

		volatile int errno;

		volatile boolean writes = true;

		void override(int word, long value) {
			this.overrides[word] = value;
			this.overridden[word] = true;
		}

		@Override
		public String name() {
			return "fake";
		}

		@Override
		public RusageStruct allocate() {
			return new FakeStruct(this);
		}

		@Override
		public int getpagesize() {
			this.pagesizeCalls++;
			return 16_384;
		}

		@Override
		public String strerror(int errno) {
			return "strerror(" + errno + ")";
		}

	}

	static class FakeStruct implements RusageStruct {

		private final FakeBinding binding;

		private final long[] words = new long[WORDS];

		FakeStruct(FakeBinding binding) {
			this.binding = binding;
		}

		@Override
		public void fill(long value) {
			Arrays.fill(this.words, value);
		}

		@Override
		public int getrusage(int who) {
			synchronized (this.binding) {
				this.binding.calls.add(who);
			}
			if (this.binding.errno != 0) {
				return this.binding.errno;
			}
			if (!this.binding.writes) {
				return 0;
			}
			this.words[0] = 3;
			this.words[1] = this.binding.padding | 250;
			this.words[2] = 1;
			this.words[3] = this.binding.padding | 125;
			this.words[4] = 268_435_456;
			for (int i = 5; i < WORDS; i++) {
				this.words[i] = i;
			}
			for (int i = 0; i < WORDS; i++) {
				if (this.binding.overridden[i]) {
					this.words[i] = this.binding.overrides[i];
				}
			}
			return 0;
		}

		@Override
		public void copyTo(long[] words) {
			System.arraycopy(this.words, 0, words, 0, WORDS);
		}

	}

}
