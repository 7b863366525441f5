package dev.rusage.autoconfigure;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.ReflectionUtils;

import dev.rusage.ResourceUsageService;
import dev.rusage.observation.ResourceUsageObservationHandler;
import dev.rusage.platform.PlatformResourceUsageService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResourceUsageObservationAutoConfiguration}, with Spring Boot's own
 * observation and metrics auto-configurations: the handler is there, and Boot registers
 * it with the {@link ObservationRegistry}, so an observation started on the registry is
 * measured with the real kernel.
 */
@EnabledOnOs(OS.LINUX)
@ExtendWith(OutputCaptureExtension.class)
class ResourceUsageObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ResourceUsageObservationAutoConfiguration.class, ResourceUsageAutoConfiguration.class,
					ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void runWithObservationsAndMetricsShouldHaveHandlerThatBootRegistersWithTheObservationRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ResourceUsageObservationHandler.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			observe(context, "http.server.requests", ResourceUsageObservationAutoConfigurationTests::serverRequest);
			assertThat(meters.get("http.server.requests.cpu.time").summary().count()).isOne();
		});
	}

	@Test
	void runByDefaultShouldMeasureServerRequestsAndScheduledTasksWhateverTheirNameByTheirCpuTimeOnly() {
		this.contextRunner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			observe(context, "http.server.requests", ResourceUsageObservationAutoConfigurationTests::serverRequest);
			observe(context, "http.in", ResourceUsageObservationAutoConfigurationTests::serverRequest);
			observe(context, "http.server.request.duration",
					ResourceUsageObservationAutoConfigurationTests::serverRequest);
			observe(context, "tasks.scheduled.execution",
					ResourceUsageObservationAutoConfigurationTests::scheduledTask);
			observe(context, "job.run", ResourceUsageObservationAutoConfigurationTests::scheduledTask);
			observe(context, "http.server.requests");
			observe(context, "other");
			assertThat(meters.get("http.server.requests.cpu.time").summary().count()).isOne();
			assertThat(meters.get("http.in.cpu.time").summary().count()).isOne();
			assertThat(meters.get("http.server.request.duration.cpu.time").summary().count()).isOne();
			assertThat(meters.get("tasks.scheduled.execution.cpu.time").summary().count()).isOne();
			assertThat(meters.get("job.run.cpu.time").summary().count()).isOne();
			assertThat(meters.find("other.cpu.time").summary()).isNull();
			assertThat(meters.find("http.server.requests.context.switches").summary()).isNull();
			assertThat(meters.find("http.server.requests.page.faults").summary()).isNull();
			assertThat(meters.find("http.server.requests.block.operations").summary()).isNull();
		});
	}

	@Test
	void runWithNamesAndCountersPropertiesShouldMeasureThoseObservationsByThoseCounters() {
		this.contextRunner
			.withPropertyValues("rusage.observation.names=custom", "rusage.observation.page-faults=true",
					"rusage.observation.context-switches=true", "rusage.observation.block-operations=true")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				observe(context, "custom");
				observe(context, "other");
				assertThat(meters.get("custom.cpu.time").summary().count()).isOne();
				assertThat(meters.get("custom.page.faults").tag("type", "minor").summary().count()).isOne();
				assertThat(meters.get("custom.context.switches").tag("type", "voluntary").summary().count()).isOne();
				assertThat(meters.get("custom.block.operations").tag("direction", "out").summary().count()).isOne();
				assertThat(meters.find("other.cpu.time").summary()).isNull();
			});
	}

	@Test
	void runWithANameThatNoObservationHasShouldSayItOnceAndCountIt(CapturedOutput output) {
		this.contextRunner.withPropertyValues("rusage.observation.names=custom,cusstom").run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			observe(context, "custom");
			for (int i = 0; i < MeasuredObservations.WATCHED + 10; i++) {
				Observation.start("other", context.getBean(ObservationRegistry.class)).stop();
			}
			assertThat(meters.get(ResourceUsageObservationHandler.SKIPPED)
				.tag("observation", "cusstom")
				.tag("reason", MeasuredObservations.REASON_NO_SUCH_OBSERVATION)
				.counter()
				.count()).isOne();
			assertThat(meters.find(ResourceUsageObservationHandler.SKIPPED).tag("observation", "custom").counter())
				.isNull();
			assertThat(output).containsOnlyOnce("rusage.observation.names lists [cusstom]")
				.contains("names seen: [other]");
		});
	}

	@Test
	void runUnderOpenTelemetryConventionsBeforeBoot42ShouldKeepMicrometerNames() {
		this.contextRunner.withPropertyValues("management.observations.conventions=open-telemetry").run((context) -> {
			observe(context, "http.server.request.duration",
					ResourceUsageObservationAutoConfigurationTests::serverRequest);
			assertThat(
					context.getBean(MeterRegistry.class).get("http.server.request.duration.cpu.time").summary().count())
				.isOne();
		});
	}

	@Test
	void runWithoutTracingShouldAddNoKeyValues() {
		this.contextRunner.run((context) -> {
			Observation observation = Observation.createNotStarted("http.in",
					ResourceUsageObservationAutoConfigurationTests::serverRequest,
					context.getBean(ObservationRegistry.class));
			observation.observe(() -> {
			});
			assertThat(context.getBean(MeterRegistry.class).get("http.in.cpu.time").summary().count()).isOne();
			assertThat(
					observation.getContext().getHighCardinalityKeyValue(ResourceUsageObservationHandler.CPU_TIME_KEY))
				.isNull();
		});
	}

	@Test
	void runWithStarNamesShouldMeasureEveryObservation() {
		this.contextRunner.withPropertyValues("rusage.observation.names=*").run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			observe(context, "anything");
			assertThat(meters.get("anything.cpu.time").summary().count()).isOne();
		});
	}

	@Test
	void runWhenDisabledShouldNotHaveHandler() {
		this.contextRunner.withPropertyValues("rusage.observation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResourceUsageObservationHandler.class);
			observe(context, "http.server.requests");
			assertThat(context.getBean(MeterRegistry.class).find("http.server.requests.cpu.time").summary()).isNull();
		});
	}

	@Test
	void runWithUserHandlerShouldUseIt() {
		this.contextRunner.withUserConfiguration(CustomHandlerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ResourceUsageObservationHandler.class);
			assertThat(context.getBean(ResourceUsageObservationHandler.class))
				.isSameAs(context.getBean("customResourceUsageObservationHandler"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			observe(context, "custom");
			observe(context, "other");
			assertThat(meters.get("custom.cpu.time").summary().count()).isOne();
			assertThat(meters.find("other.cpu.time").summary()).isNull();
		});
	}

	@Test
	void runWithoutMeterRegistryShouldNotHaveHandler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageObservationAutoConfiguration.class,
					ResourceUsageAutoConfiguration.class, ObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ObservationRegistry.class)
				.doesNotHaveBean(MeterRegistry.class)
				.doesNotHaveBean(ResourceUsageObservationHandler.class));
	}

	@Test
	void runWithoutObservationRegistryShouldNotHaveHandler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageObservationAutoConfiguration.class,
					ResourceUsageAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(MeterRegistry.class)
				.doesNotHaveBean(ObservationRegistry.class)
				.doesNotHaveBean(ResourceUsageObservationHandler.class));
	}

	@Test
	void runWithoutResourceUsageServiceShouldNotHaveHandler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageObservationAutoConfiguration.class,
					ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ObservationRegistry.class)
				.doesNotHaveBean(ResourceUsageService.class)
				.doesNotHaveBean(ResourceUsageObservationHandler.class));
	}

	@Test
	void runWithoutMicrometerObservationShouldNotHaveHandler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceUsageObservationAutoConfiguration.class,
					ResourceUsageAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MeterRegistry.class)
				.doesNotHaveBean(ResourceUsageObservationHandler.class));
	}

	@Test
	void orderedAfterSpringBootObservationAndMetricsAutoConfigurationsByName() {
		AutoConfiguration annotation = ResourceUsageObservationAutoConfiguration.class
			.getAnnotation(AutoConfiguration.class);
		assertThat(annotation.after()).containsExactly(ResourceUsageAutoConfiguration.class);
		assertThat(annotation.afterName()).contains(ObservationAutoConfiguration.class.getName(),
				MetricsAutoConfiguration.class.getName(), CompositeMeterRegistryAutoConfiguration.class.getName(),
				"org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration");
	}

	private static ServerRequestObservationContext serverRequest() {
		return new ServerRequestObservationContext(new MockHttpServletRequest("GET", "/"),
				new MockHttpServletResponse());
	}

	private static ScheduledTaskObservationContext scheduledTask() {
		return new ScheduledTaskObservationContext(new Object(), ReflectionUtils.findMethod(Object.class, "toString"));
	}

	private static void observe(AssertableApplicationContext context, String name) {
		observe(context, name, Observation.Context::new);
	}

	private static void observe(AssertableApplicationContext context, String name,
			Supplier<? extends Observation.Context> contextSupplier) {
		ObservationRegistry registry = context.getBean(ObservationRegistry.class);
		Observation.createNotStarted(name, contextSupplier, registry).observe(() -> {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomHandlerConfiguration {

		@Bean
		ResourceUsageObservationHandler customResourceUsageObservationHandler(MeterRegistry meterRegistry) {
			return ResourceUsageObservationHandler.builder(PlatformResourceUsageService.create(), meterRegistry)
				.observations((context) -> "custom".equals(context.getName()))
				.build();
		}

	}

}
