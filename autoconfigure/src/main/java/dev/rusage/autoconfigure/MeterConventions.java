package dev.rusage.autoconfigure;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.rusage.metrics.MeterConvention;

/**
 * Tells which {@link MeterConvention} the application's observations follow: Spring Boot
 * 4.2's {@code management.observations.conventions} ({@code micrometer}, the default, or
 * {@code open-telemetry}). Before Boot 4.2 the property does not exist and Boot's own
 * meters keep Micrometer's names, so ours do too: under OpenTelemetry's names our
 * {@code process.cpu.time} would stand beside Micrometer's own, which has other tags and
 * another unit.
 */
final class MeterConventions {

	static final String PROPERTY = "management.observations.conventions";

	/** A class that exists from Spring Boot 4.2 on, where the property is read. */
	private static final String SEMANTIC_CONVENTIONS = "org.springframework.boot.micrometer.observation.autoconfigure.condition.SemanticConventions";

	private MeterConventions() {
	}

	static MeterConvention of(Environment environment) {
		if (!ClassUtils.isPresent(SEMANTIC_CONVENTIONS, MeterConventions.class.getClassLoader())) {
			return MeterConvention.MICROMETER;
		}
		return Binder.get(environment).bind(PROPERTY, MeterConvention.class).orElse(MeterConvention.MICROMETER);
	}

}
