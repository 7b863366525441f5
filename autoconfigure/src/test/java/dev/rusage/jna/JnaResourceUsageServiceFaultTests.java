package dev.rusage.jna;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageException;
import dev.rusage.ResourceUsageService;
import dev.rusage.ResourceUsageUnavailableException;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JnaResourceUsageService} with fake bindings, for the faults the real
 * kernel cannot be made to produce here: another platform, a native library that does not
 * load, a failing call.
 */
class JnaResourceUsageServiceFaultTests {

	@Test
	void createOnWindowsIsUnavailableWithoutTouchingTheBinding() {
		ResourceUsageService service = JnaResourceUsageService.create("Windows 11", () -> {
			throw new AssertionError("binding must not be loaded");
		});
		assertThat(service).isInstanceOf(UnavailableResourceUsageService.class);
		assertThat(service.isAvailable()).isFalse();
		assertThat(service.unmaintainedFields()).isEmpty();
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(() -> service.getrusage(Who.SELF))
			.withMessage("getrusage(2) does not exist on Windows 11; "
					+ "resource usage is available on Linux and macOS only");
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(() -> service.getrusage(0))
			.withMessageContaining("Windows 11");
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(service::getpagesize)
			.withMessageContaining("Windows 11");
	}

	@Test
	void createWhenNativeLibraryDoesNotLoadIsUnavailableNamingTheCauseAndTheFix() {
		ResourceUsageService service = JnaResourceUsageService.create("Linux", () -> {
			throw new UnsatisfiedLinkError("/tmp/jna-123/jna456.tmp: failed to map segment from shared object");
		});
		assertThat(service).isInstanceOf(UnavailableResourceUsageService.class);
		assertThat(((UnavailableResourceUsageService) service).reason())
			.contains("failed to map segment from shared object")
			.contains("jna.tmpdir");
		assertThatExceptionOfType(ResourceUsageUnavailableException.class)
			.isThrownBy(() -> service.getrusage(Who.THREAD))
			.withMessageContaining("UnsatisfiedLinkError")
			.withMessageContaining("failed to map segment from shared object")
			.withMessageContaining("jna.tmpdir");
	}

	@Test
	void createWhenJnaClassesAreMissingIsUnavailable() {
		ResourceUsageService service = JnaResourceUsageService.create("Linux", () -> {
			throw new NoClassDefFoundError("com/sun/jna/Native");
		});
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(() -> service.getrusage(Who.SELF))
			.withMessageContaining("com/sun/jna/Native");
	}

	@Test
	void createWhenTheFirstNativeCallFailsIsUnavailable() {
		FakeRusage binding = new FakeRusage() {

			@Override
			public int getpagesize() {
				throw new UnsatisfiedLinkError("Error looking up function 'getpagesize'");
			}

		};
		ResourceUsageService service = JnaResourceUsageService.create("Linux", () -> binding);
		assertThat(service.isAvailable()).isFalse();
		assertThatExceptionOfType(ResourceUsageUnavailableException.class).isThrownBy(() -> service.getrusage(Who.SELF))
			.withMessageContaining("Error looking up function 'getpagesize'");
	}

	@Test
	void createDoesNotSwallowVirtualMachineErrors() {
		OutOfMemoryError error = new OutOfMemoryError("Metaspace");
		Supplier<NativeRusage> binding = () -> {
			throw error;
		};
		assertThatExceptionOfType(OutOfMemoryError.class)
			.isThrownBy(() -> JnaResourceUsageService.create("Linux", binding))
			.isSameAs(error);
	}

	@Test
	void threadOnMacOsThrowsUnsupportedOperationWithoutCallingTheKernel() {
		FakeRusage binding = new FakeRusage();
		ResourceUsageService service = JnaResourceUsageService.create("Mac OS X", () -> binding);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> service.getrusage(Who.THREAD))
			.withMessage("RUSAGE_THREAD is not supported on macOS; use self or children")
			.isNotInstanceOf(ResourceUsageUnavailableException.class);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> service.getrusage(1))
			.withMessageContaining("macOS");
		assertThat(binding.calls).isEmpty();
		assertThat(service.isAvailable()).isTrue();
	}

	@Test
	void selfOnMacOsDecodesTheMacOsLayout() {
		FakeRusage binding = new FakeRusage();
		ResourceUsageService service = JnaResourceUsageService.create("Mac OS X", () -> binding);
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
		assertThat(service).hasToString("JnaResourceUsageService[macOS]");
	}

	@Test
	void bothOnMacOsIsEmulatedWithSelfAndChildren() {
		FakeRusage binding = new FakeRusage();
		ResourceUsageService service = JnaResourceUsageService.create("Mac OS X", () -> binding);
		ResourceUsage both = service.getrusage(Who.BOTH);
		assertThat(binding.calls).containsExactly(0, -1);
		assertThat(both.who()).isEqualTo(Who.BOTH);
		assertThat(both.userTimeMicros()).isEqualTo(6_000_500);
		assertThat(both.maxResidentSetSize()).isEqualTo(268_435_456);
		assertThat(both.involuntaryContextSwitches()).isEqualTo(34);
	}

	@Test
	void eachWhoCallsTheKernelWithItsRusageConstant() {
		FakeRusage binding = new FakeRusage();
		ResourceUsageService service = JnaResourceUsageService.create("Linux", () -> binding);
		service.getrusage(Who.SELF);
		service.getrusage(Who.CHILDREN);
		service.getrusage(Who.THREAD);
		service.getrusage(Who.BOTH);
		// RUSAGE_BOTH (-2) is never passed: Linux answers EINVAL
		assertThat(binding.calls).containsExactly(0, -1, 1, 0, -1);
	}

	@Test
	void getpagesizeIsReadOnce() {
		FakeRusage binding = new FakeRusage();
		ResourceUsageService service = JnaResourceUsageService.create("Linux", () -> binding);
		for (int i = 0; i < 3; i++) {
			assertThat(service.getpagesize()).isEqualTo(16_384);
		}
		assertThat(binding.pagesizeCalls).isOne();
	}

	@Test
	void nativeFailurePropagatesUnchanged() {
		ResourceUsageException failure = new ResourceUsageException("getrusage(0)", 14, "Bad address");
		FakeRusage binding = new FakeRusage() {

			@Override
			public void getrusage(int who, long[] words) {
				throw failure;
			}

		};
		ResourceUsageService service = JnaResourceUsageService.create("Linux", () -> binding);
		assertThat(service.isAvailable()).isTrue();
		assertThatExceptionOfType(ResourceUsageException.class).isThrownBy(() -> service.getrusage(Who.SELF))
			.isSameAs(failure);
		assertThatExceptionOfType(ResourceUsageException.class).isThrownBy(() -> service.getrusage(Who.BOTH))
			.isSameAs(failure);
		assertThat(failure.errno()).isEqualTo(14);
		assertThat(failure).hasMessage("getrusage(0) failed: [Errno 14] Bad address");
	}

	/**
	 * A binding that records its calls and answers with a {@code struct rusage} in the
	 * macOS layout: garbage in the padding after each 4-byte {@code tv_usec}.
	 */
	static class FakeRusage implements NativeRusage {

		final List<Integer> calls = new ArrayList<>();

		int pagesizeCalls;

		@Override
		public void getrusage(int who, long[] words) {
			this.calls.add(who);
			words[0] = 3;
			words[1] = 0xCAFEBABE_00000000L | 250;
			words[2] = 1;
			words[3] = 0xFFFFFFFF_00000000L | 125;
			words[4] = 268_435_456;
			for (int i = 5; i < RusageLayout.WORDS; i++) {
				words[i] = i;
			}
		}

		@Override
		public int getpagesize() {
			this.pagesizeCalls++;
			return 16_384;
		}

	}

}
