package dev.rusage.autoconfigure.observation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A test of the {@link ObservedWebMvcApplication} on a random port, with tracing on
 * (Boot's test contexts turn it off) and every span sampled. The test classes that carry
 * it share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = ObservedWebMvcApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"rusage.observation.names=http.server.requests,tasks.scheduled.execution,"
						+ ObservedWebMvcApplication.OBSERVED_WORK,
				"rusage.observation.context-switches=true", "management.observations.annotations.enabled=true",
				"management.tracing.sampling.probability=1.0" })
@AutoConfigureTracing
@EnabledOnOs(OS.LINUX)
@interface ObservedWebMvcTest {

}
