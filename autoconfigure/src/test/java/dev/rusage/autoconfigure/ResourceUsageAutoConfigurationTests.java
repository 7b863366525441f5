package dev.rusage.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.info.Info;
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
import dev.rusage.actuate.ResourceUsageInfoContributor;
import dev.rusage.platform.PlatformResourceUsageService;
import dev.rusage.platform.RusageBinding;
import dev.rusage.platform.RusageStruct;

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
	void runShouldCreateAServiceThatReadsTheKernel() {
		this.contextRunner.run((context) -> {
			ResourceUsageService service = context.getBean(ResourceUsageService.class);
			assertThat(service).isInstanceOf(PlatformResourceUsageService.class);
			assertThat(service.isAvailable()).isTrue();
			ResourceUsage self = service.getrusage(Who.SELF);
			assertThat(self.userTimeMicros()).isPositive();
			assertThat(self.maxResidentSetSizeBytes()).isPositive();
		});
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void runWithBindingPropertyShouldUseThatBinding() {
		this.contextRunner.withPropertyValues("rusage.binding=jna")
			.run((context) -> assertThat(context.getBean(ResourceUsageService.class).binding()).isEqualTo("jna"));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	@EnabledForJreRange(min = JRE.JAVA_22)
	void runWithBindingPropertyFfmOnJava22AndLaterShouldUseFfm() {
		this.contextRunner.withPropertyValues("rusage.binding=ffm")
			.run((context) -> assertThat(context.getBean(ResourceUsageService.class).binding()).isEqualTo("ffm"));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	@EnabledForJreRange(max = JRE.JAVA_21)
	void runWithBindingPropertyFfmBeforeJava22ShouldStartWithUnavailableServiceSayingWhy(CapturedOutput output) {
		this.contextRunner.withPropertyValues("rusage.binding=ffm").run((context) -> {
			ResourceUsageService service = context.getBean(ResourceUsageService.class);
			assertThat(service.isAvailable()).isFalse();
			assertThatExceptionOfType(ResourceUsageUnavailableException.class)
				.isThrownBy(() -> service.getrusage(Who.SELF))
				.withMessage("no native binding could be loaded (tried ffm)");
		});
		assertThat(output).containsOnlyOnce("WARN").contains("ffm: needs Java 22 or later");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void runWithUnknownBindingShouldStartWithUnavailableServiceNamingTheBindings(CapturedOutput output) {
		this.contextRunner.withPropertyValues("rusage.binding=jni").run((context) -> {
			assertThat(context).hasNotFailed();
			ResourceUsageService service = context.getBean(ResourceUsageService.class);
			assertThatExceptionOfType(ResourceUsageUnavailableException.class)
				.isThrownBy(() -> service.getrusage(Who.SELF))
				.withMessage("unknown binding 'jni'");
		});
		assertThat(output).containsOnlyOnce("WARN").contains("the bindings are auto, ffm, jna");
	}

	@Test
	void runWhenUserDefinesServiceShouldUseIt() {
		ResourceUsageService userService = new UnavailableResourceUsageService("mine");
		this.contextRunner.withBean("myService", ResourceUsageService.class, () -> userService)
			.run((context) -> assertThat(context).getBean(ResourceUsageService.class).isSameAs(userService));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void runWhenUserDefinesABindingBeanShouldIgnoreItAndUseItsOwnBinding(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(FailingBindingConfiguration.class).run((context) -> {
			ResourceUsageService service = context.getBean(ResourceUsageService.class);
			assertThat(service.isAvailable()).isTrue();
			assertThat(service.binding()).isIn("ffm", "jna");
			assertThat(service.getrusage(Who.SELF).userTimeMicros()).isPositive();
		});
		assertThat(output).doesNotContain("WARN");
	}

	@Test
	void runShouldNotContributeInfoUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ResourceUsageInfoContributor.class));
	}

	@Test
	void runWithInfoDefaultsEnabledShouldNotContributeInfo() {
		this.contextRunner.withPropertyValues("management.info.defaults.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ResourceUsageInfoContributor.class));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void runWithInfoEnabledShouldContributeAvailabilityAndBinding() {
		this.contextRunner.withPropertyValues("management.info.rusage.enabled=true", "rusage.binding=jna")
			.run((context) -> {
				Info.Builder builder = new Info.Builder();
				context.getBean(ResourceUsageInfoContributor.class).contribute(builder);
				assertThat(builder.build().getDetails())
					.isEqualTo(Map.of("rusage", Map.of("available", true, "binding", "jna")));
			});
	}

	@Test
	void runWithInfoEnabledAndUnavailableServiceShouldSayUnavailableWithoutBinding() {
		this.contextRunner.withPropertyValues("management.info.rusage.enabled=true")
			.withBean(ResourceUsageService.class, () -> new UnavailableResourceUsageService("mine"))
			.run((context) -> {
				Info.Builder builder = new Info.Builder();
				context.getBean(ResourceUsageInfoContributor.class).contribute(builder);
				assertThat(builder.build().getDetails()).isEqualTo(Map.of("rusage", Map.of("available", false)));
			});
	}

	@Test
	void runWithInfoEnabledAndUserContributorShouldUseIt() {
		ResourceUsageInfoContributor mine = new ResourceUsageInfoContributor(
				new UnavailableResourceUsageService("mine"));
		this.contextRunner.withPropertyValues("management.info.rusage.enabled=true")
			.withBean("myContributor", ResourceUsageInfoContributor.class, () -> mine)
			.run((context) -> assertThat(context).getBean(ResourceUsageInfoContributor.class).isSameAs(mine));
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBindingConfiguration {

		@Bean
		RusageBinding failingBinding() {
			return new RusageBinding() {

				@Override
				public String name() {
					return "failing";
				}

				@Override
				public RusageStruct allocate() {
					throw new IllegalStateException("the user's binding cannot allocate");
				}

				@Override
				public int getpagesize() {
					throw new IllegalStateException("the user's binding cannot page");
				}

				@Override
				public String strerror(int errno) {
					return "?";
				}

			};
		}

	}

}
