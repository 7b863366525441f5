package dev.rusage.autoconfigure;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.rusage.ResourceUsageService;
import dev.rusage.actuate.ResourceUsageEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint is off the web and off JMX unless the user turns it on, and
 * {@code management.endpoint.rusage.access=none} removes it everywhere.
 */
class ResourceUsageEndpointSafeDefaultsTests {

	private static final EndpointId RUSAGE = EndpointId.of("rusage");

	// a domain of its own: other tests' contexts may still have MBeans in the platform
	// server
	private static final String JMX_DOMAIN = "dev.rusage.safedefaults";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		// as SpringApplication does, so that "none" binds to Access.NONE
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService((ApplicationConversionService) ApplicationConversionService.getSharedInstance()))
		.withPropertyValues("spring.jmx.unique-names=true", "management.endpoints.jmx.domain=" + JMX_DOMAIN)
		.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
				JacksonEndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				JmxEndpointAutoConfiguration.class, ResourceUsageAutoConfiguration.class,
				ResourceUsageEndpointAutoConfiguration.class));

	@Test
	void runWithDefaultExposureShouldNotExposeEndpointOnTheWebNorOverJmx() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ResourceUsageService.class);
			assertThat(context).doesNotHaveBean(ResourceUsageEndpoint.class);
			assertThat(webPath(context)).isNull();
			assertThat(rusageMBeans(context)).isEmpty();
		});
	}

	@Test
	void runWhenExposedOnTheWebShouldMapEndpointButNotRegisterMBeanWithoutJmx() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=rusage").run((context) -> {
			assertThat(context).hasSingleBean(ResourceUsageEndpoint.class);
			assertThat(webPath(context)).isEqualTo("/actuator/rusage");
			assertThat(rusageMBeans(context)).isEmpty();
		});
	}

	@Test
	void runWhenExposedOverJmxWithoutJmxEnabledShouldNotRegisterMBean() {
		this.contextRunner.withPropertyValues("management.endpoints.jmx.exposure.include=rusage").run((context) -> {
			assertThat(webPath(context)).isNull();
			assertThat(rusageMBeans(context)).isEmpty();
		});
	}

	@Test
	void runWhenJmxEnabledWithDefaultJmxExposureShouldNotRegisterMBean() {
		this.contextRunner.withPropertyValues("spring.jmx.enabled=true").run((context) -> {
			assertThat(context).getBean(MBeanServer.class).isNotNull();
			assertThat(rusageMBeans(context)).isEmpty();
		});
	}

	@Test
	void runWhenJmxEnabledAndExposedOverJmxShouldRegisterMBeanOnly() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=rusage")
			.run((context) -> {
				assertThat(rusageMBeans(context)).hasSize(1);
				assertThat(webPath(context)).isNull();
			});
	}

	@Test
	void runWhenAccessNoneShouldRemoveEndpointFromTheWebAndFromJmx() {
		this.contextRunner
			.withPropertyValues("management.endpoint.rusage.access=none", "spring.jmx.enabled=true",
					"management.endpoints.web.exposure.include=*", "management.endpoints.jmx.exposure.include=*")
			.run((context) -> {
				assertThat(context).hasSingleBean(ResourceUsageService.class);
				assertThat(context).doesNotHaveBean(ResourceUsageEndpoint.class);
				assertThat(webPath(context)).isNull();
				assertThat(rusageMBeans(context)).isEmpty();
			});
	}

	@Test
	void runWhenDefaultAccessNoneShouldRemoveEndpointEverywhere() {
		this.contextRunner
			.withPropertyValues("management.endpoints.access.default=none", "spring.jmx.enabled=true",
					"management.endpoints.web.exposure.include=*", "management.endpoints.jmx.exposure.include=*")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ResourceUsageEndpoint.class);
				assertThat(webPath(context)).isNull();
				assertThat(rusageMBeans(context)).isEmpty();
			});
	}

	private static String webPath(AssertableWebApplicationContext context) {
		return context.getBean(PathMappedEndpoints.class).getPath(RUSAGE);
	}

	private static Set<ObjectName> rusageMBeans(AssertableWebApplicationContext context)
			throws MalformedObjectNameException {
		MBeanServer server = context.getBeanProvider(MBeanServer.class)
			.getIfAvailable(ManagementFactory::getPlatformMBeanServer);
		return server.queryNames(new ObjectName(JMX_DOMAIN + ":type=Endpoint,name=Rusage,*"), null);
	}

}
