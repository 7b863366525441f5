package dev.rusage.benchmarks.bare;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of a {@link BareClockObservationHandler} for the
 * {@code http.server.requests} observation, when {@code bench.bare-clock-handler=true}.
 * Not part of the starter: benchmarks/scripts/cpu-per-request.sh adds the jar that holds
 * it to the sample application's class path with Boot's {@code PropertiesLauncher}.
 * Spring Boot adds every {@link ObservationHandler} bean to the observation registry; the
 * gauges {@code bench.bare.clock.observations} and {@code bench.bare.clock.cpu.time} show
 * that the handler ran, without a meter recorded per request.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({ ObservationHandler.class, MeterBinder.class })
@ConditionalOnProperty(name = "bench.bare-clock-handler", havingValue = "true")
public final class BareClockAutoConfiguration {

	private static final Log logger = LogFactory.getLog(BareClockAutoConfiguration.class);

	@Bean
	BareClockObservationHandler bareClockObservationHandler() {
		BareClockObservationHandler handler = new BareClockObservationHandler("http.server.requests");
		logger.info("Registered " + handler + ": the thread's CPU clock read at each scope edge, no meter");
		return handler;
	}

	@Bean
	MeterBinder bareClockObservationMeters(BareClockObservationHandler handler) {
		return (registry) -> {
			Gauge.builder("bench.bare.clock.observations", handler, BareClockObservationHandler::observations)
				.description("Observations the bare clock handler saw stop (not atomic)")
				.register(registry);
			Gauge.builder("bench.bare.clock.cpu.time", handler, (measured) -> measured.cpuNanos() / 1e9)
				.description("CPU time between the scope edges of those observations (not atomic)")
				.baseUnit("seconds")
				.register(registry);
		};
	}

}
