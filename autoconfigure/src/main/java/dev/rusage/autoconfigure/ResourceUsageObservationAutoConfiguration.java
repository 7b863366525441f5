package dev.rusage.autoconfigure;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import dev.rusage.ResourceUsageService;
import dev.rusage.observation.ObservedCounter;
import dev.rusage.observation.ResourceUsageObservationHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link ResourceUsageObservationHandler}: registered when
 * Micrometer's observation API, an {@link ObservationRegistry} and a
 * {@link MeterRegistry} are present, unless {@code rusage.observation.enabled=false}.
 * Spring Boot adds every {@link ObservationHandler} bean to the registry.
 * <p>
 * Spring Boot's observation and metrics auto-configurations are named, not referenced,
 * because they live in different packages in Spring Boot 3 and 4.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResourceUsageAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, ObservationRegistry.class })
@ConditionalOnBean({ MeterRegistry.class, ObservationRegistry.class, ResourceUsageService.class })
@ConditionalOnProperty(name = "rusage.observation.enabled", matchIfMissing = true)
public final class ResourceUsageObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResourceUsageObservationHandler resourceUsageObservationHandler(ResourceUsageService resourceUsageService,
			MeterRegistry meterRegistry, ResourceUsageProperties properties) {
		ResourceUsageProperties.Observation observation = properties.getObservation();
		return new ResourceUsageObservationHandler(resourceUsageService, meterRegistry, names(observation.getNames()),
				counters(observation));
	}

	private static @Nullable Collection<String> names(List<String> names) {
		return names.contains("*") ? null : names;
	}

	private static Set<ObservedCounter> counters(ResourceUsageProperties.Observation observation) {
		Set<ObservedCounter> counters = EnumSet.noneOf(ObservedCounter.class);
		if (observation.isPageFaults()) {
			counters.add(ObservedCounter.PAGE_FAULTS);
		}
		if (observation.isContextSwitches()) {
			counters.add(ObservedCounter.CONTEXT_SWITCHES);
		}
		if (observation.isBlockOperations()) {
			counters.add(ObservedCounter.BLOCK_OPERATIONS);
		}
		return counters;
	}

}
