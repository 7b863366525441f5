package dev.rusage.autoconfigure;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.rusage.ResourceUsageService;
import dev.rusage.observation.ObservedCounter;
import dev.rusage.observation.ResourceUsageObservationHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link ResourceUsageObservationHandler}: registered when
 * Micrometer's observation API, an {@link ObservationRegistry} and a
 * {@link MeterRegistry} are present, unless {@code rusage.observation.enabled=false}.
 * Spring Boot adds every {@link ObservationHandler} bean to the registry as a handler,
 * and every {@link io.micrometer.observation.ObservationFilter} bean as a filter: the
 * handler is both.
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

	private static final String TRACER = "io.micrometer.tracing.Tracer";

	private static final String SERVLET_CONTEXT = "org.springframework.http.server.observation.ServerRequestObservationContext";

	@Bean
	@ConditionalOnMissingBean
	ResourceUsageObservationHandler resourceUsageObservationHandler(ResourceUsageService resourceUsageService,
			MeterRegistry meterRegistry, ResourceUsageProperties properties, Environment environment,
			ListableBeanFactory beanFactory) {
		ResourceUsageProperties.Observation observation = properties.getObservation();
		return ResourceUsageObservationHandler.builder(resourceUsageService, meterRegistry)
			.observations(new MeasuredObservations(observation.getNames(), meterRegistry))
			.counters(counters(observation))
			.convention(MeterConventions.of(environment))
			.spanAttributes(tracing(beanFactory))
			.stopsAgain(stopsAgain())
			.build();
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

	// the key values are for a tracing handler: without Micrometer Tracing, nobody reads
	// them
	private static boolean tracing(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = ResourceUsageObservationAutoConfiguration.class.getClassLoader();
		if (!ClassUtils.isPresent(TRACER, classLoader)) {
			return false;
		}
		return beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(TRACER, classLoader), true,
				false).length > 0;
	}

	private static Predicate<Observation.Context> stopsAgain() {
		ClassLoader classLoader = ResourceUsageObservationAutoConfiguration.class.getClassLoader();
		if (ClassUtils.isPresent(SERVLET_CONTEXT, classLoader)
				&& ClassUtils.isPresent(AsyncServletStops.REQUIRED_CLASS, classLoader)
				&& ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", classLoader)) {
			return new AsyncServletStops();
		}
		return (context) -> false;
	}

}
