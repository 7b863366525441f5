package dev.rusage.autoconfigure;

import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import dev.rusage.ResourceUsageService;
import dev.rusage.platform.PlatformResourceUsageService;
import dev.rusage.metrics.ResourceUsageMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResourceUsageMetricsAutoConfiguration}.
 */
class ResourceUsageMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResourceUsageMetricsAutoConfiguration.class,
				ResourceUsageAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void runWithMeterRegistryShouldRegisterMeters() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ResourceUsageMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(ResourceUsageMetrics.CPU_TIME)
				.tag("who", "self")
				.tag("mode", "user")
				.functionCounter()
				.count()).isPositive();
			assertThat(registry.get(ResourceUsageMetrics.MAX_RSS).gauges()).hasSize(2);
		});
	}

	@Test
	void runWithoutConventionsPropertyShouldUseMicrometerNames() {
		this.contextRunner.run((context) -> assertThat(meterNames(context))
			.contains(ResourceUsageMetrics.CPU_TIME, ResourceUsageMetrics.CONTEXT_SWITCHES,
					ResourceUsageMetrics.PAGE_FAULTS, ResourceUsageMetrics.BLOCK_OPERATIONS)
			.doesNotContain(ResourceUsageMetrics.OTEL_CPU_TIME, ResourceUsageMetrics.OTEL_CONTEXT_SWITCHES,
					ResourceUsageMetrics.OTEL_PAGING_FAULTS, ResourceUsageMetrics.OTEL_DISK_OPERATIONS));
	}

	@Test
	void runWithOpenTelemetryConventionsBeforeSpringBoot42ShouldKeepMicrometerNames() {
		// the property belongs to Spring Boot 4.2's SemanticConventions, absent from this
		// build's Boot: before 4.2 Boot's ProcessorMetrics keeps Micrometer's
		// process.cpu.time (ns, untagged), which OpenTelemetry's name of ours would meet
		assertThat(ClassUtils.isPresent(
				"org.springframework.boot.micrometer.observation.autoconfigure.condition.SemanticConventions", null))
			.isFalse();
		this.contextRunner.withPropertyValues("management.observations.conventions=open-telemetry")
			.run((context) -> assertThat(meterNames(context)).contains(ResourceUsageMetrics.CPU_TIME)
				.doesNotContain(ResourceUsageMetrics.OTEL_CPU_TIME, ResourceUsageMetrics.OTEL_CONTEXT_SWITCHES,
						ResourceUsageMetrics.OTEL_PAGING_FAULTS, ResourceUsageMetrics.OTEL_DISK_OPERATIONS));
	}

	@Test
	void runWithoutMicrometerShouldNotHaveMetricsBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageAutoConfiguration.class,
					ResourceUsageMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ResourceUsageService.class)
				.doesNotHaveBean(ResourceUsageMetrics.class));
	}

	@Test
	void runWithoutMeterRegistryBeanShouldNotHaveMetricsBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageAutoConfiguration.class,
					ResourceUsageMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ResourceUsageService.class)
				.doesNotHaveBean(ResourceUsageMetrics.class));
	}

	@Test
	void runWithoutResourceUsageServiceShouldNotHaveMetricsBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(MeterRegistry.class)
				.doesNotHaveBean(ResourceUsageMetrics.class));
	}

	@Test
	void runWithUserDefinedMetricsShouldUseThem() {
		this.contextRunner.withUserConfiguration(CustomMetricsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ResourceUsageMetrics.class);
			assertThat(context.getBean(ResourceUsageMetrics.class))
				.isSameAs(context.getBean(CustomMetricsConfiguration.class).metrics);
			assertThat(context.getBean(MeterRegistry.class).get(ResourceUsageMetrics.CPU_TIME).meters())
				.allSatisfy((meter) -> assertThat(meter.getId().getTag("custom")).isEqualTo("yes"));
		});
	}

	@Test
	void runWhenDisabledByMeterFilterPropertyShouldRegisterNoMeters() {
		this.contextRunner.withPropertyValues("management.metrics.enable.process.rusage=false").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(ResourceUsageMetrics.CPU_TIME).meters()).isEmpty();
			assertThat(registry.getMeters())
				.noneSatisfy((meter) -> assertThat(meter.getId().getName()).startsWith("process.rusage"));
		});
	}

	@Test
	void runWithUserMeterRegistryShouldRegisterMeters() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageAutoConfiguration.class,
					ResourceUsageMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(ResourceUsageMetrics.class));
	}

	@Test
	void orderedAfterSpringBootMetricsAutoConfigurationsByName() {
		AutoConfiguration annotation = ResourceUsageMetricsAutoConfiguration.class
			.getAnnotation(AutoConfiguration.class);
		assertThat(annotation.after()).containsExactly(ResourceUsageAutoConfiguration.class);
		assertThat(annotation.afterName()).contains(MetricsAutoConfiguration.class.getName(),
				CompositeMeterRegistryAutoConfiguration.class.getName(),
				"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration");
	}

	private static Set<String> meterNames(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.getMeters()
			.stream()
			.map((meter) -> meter.getId().getName())
			.collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMetricsConfiguration {

		final ResourceUsageMetrics metrics = new ResourceUsageMetrics(PlatformResourceUsageService.create(),
				Tags.of("custom", "yes"));

		@Bean
		ResourceUsageMetrics customResourceUsageMetrics() {
			return this.metrics;
		}

	}

}
