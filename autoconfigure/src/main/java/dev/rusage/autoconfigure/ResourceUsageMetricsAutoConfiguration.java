package dev.rusage.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.rusage.ResourceUsageService;
import dev.rusage.metrics.ResourceUsageMetrics;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link ResourceUsageMetrics} meters: registered when
 * Micrometer and a {@link MeterRegistry} are present, and switched off like any other
 * meters with {@code management.metrics.enable.process.rusage=false}. Their names follow
 * the application's {@code management.observations.conventions} on Spring Boot 4.2 and
 * later, and Micrometer's convention before, where that property does not exist.
 * <p>
 * Spring Boot's metrics auto-configurations are named, not referenced, because they live
 * in different packages in Spring Boot 3 and 4.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResourceUsageAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ResourceUsageService.class })
public final class ResourceUsageMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResourceUsageMetrics resourceUsageMetrics(ResourceUsageService resourceUsageService, Environment environment) {
		return new ResourceUsageMetrics(resourceUsageService, MeterConventions.of(environment));
	}

}
