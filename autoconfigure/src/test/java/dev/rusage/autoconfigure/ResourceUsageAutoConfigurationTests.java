package dev.rusage.autoconfigure;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.ResourceUsageUnavailableException;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.Who;
import dev.rusage.jna.JnaResourceUsageService;
import dev.rusage.jna.NativeRusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ResourceUsageAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResourceUsageAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResourceUsageAutoConfiguration.class));

	@Test
	@EnabledOnOs(OS.LINUX)
	void runShouldCreateJnaServiceThatReadsTheKernel() {
		this.contextRunner.run((context) -> {
			ResourceUsageService service = context.getBean(ResourceUsageService.class);
			assertThat(service).isInstanceOf(JnaResourceUsageService.class);
			assertThat(service.isAvailable()).isTrue();
			ResourceUsage self = service.getrusage(Who.SELF);
			assertThat(self.userTimeMicros()).isPositive();
			assertThat(self.maxResidentSetSizeBytes()).isPositive();
		});
	}

	@Test
	void runWhenUserDefinesServiceShouldUseIt() {
		ResourceUsageService userService = new UnavailableResourceUsageService("mine");
		this.contextRunner.withBean("myService", ResourceUsageService.class, () -> userService)
			.run((context) -> assertThat(context).getBean(ResourceUsageService.class).isSameAs(userService));
	}

	@Test
	void runWithoutJnaShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Native.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ResourceUsageService.class));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void runWhenBindingFailsToLoadShouldStartWithUnavailableServiceAndOneWarning(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(FailingBindingConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ResourceUsageService service = context.getBean(ResourceUsageService.class);
			assertThat(service.isAvailable()).isFalse();
			assertThatExceptionOfType(ResourceUsageUnavailableException.class)
				.isThrownBy(() -> service.getrusage(Who.SELF))
				.withMessageContaining("libjnidispatch.so not found")
				.withMessageContaining("jna.tmpdir");
		});
		assertThat(output).containsOnlyOnce("WARN")
			.contains("Resource usage (getrusage) is unavailable")
			.contains("libjnidispatch.so not found");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void runWhenUserDefinesBindingShouldReadThroughIt() {
		CountingBinding binding = new CountingBinding(NativeRusage.libc());
		this.contextRunner.withBean(NativeRusage.class, () -> binding).run((context) -> {
			ResourceUsageService service = context.getBean(ResourceUsageService.class);
			service.getrusage(Who.THREAD);
			service.getrusage(Who.BOTH);
			assertThat(binding.calls).isEqualTo(3);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBindingConfiguration {

		@Bean
		NativeRusage failingBinding() {
			return new NativeRusage() {

				@Override
				public void getrusage(int who, long[] words) {
					throw new UnsatisfiedLinkError("libjnidispatch.so not found");
				}

				@Override
				public int getpagesize() {
					throw new UnsatisfiedLinkError("libjnidispatch.so not found");
				}

			};
		}

	}

	static final class CountingBinding implements NativeRusage {

		private final NativeRusage delegate;

		private int calls;

		CountingBinding(NativeRusage delegate) {
			this.delegate = delegate;
		}

		@Override
		public void getrusage(int who, long[] words) {
			this.calls++;
			this.delegate.getrusage(who, words);
		}

		@Override
		public int getpagesize() {
			return this.delegate.getpagesize();
		}

	}

}
