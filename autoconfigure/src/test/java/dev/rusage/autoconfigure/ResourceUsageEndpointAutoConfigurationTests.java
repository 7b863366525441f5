package dev.rusage.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.rusage.ResourceUsageService;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.actuate.ResourceUsageEndpoint;
import dev.rusage.actuate.ResourceUsageEndpointWebExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResourceUsageEndpointAutoConfiguration}.
 */
class ResourceUsageEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, ResourceUsageAutoConfiguration.class,
				ResourceUsageEndpointAutoConfiguration.class));

	@Test
	void runWhenNotExposedShouldNotHaveEndpointBean() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ResourceUsageService.class)
			.doesNotHaveBean(ResourceUsageEndpoint.class)
			.doesNotHaveBean(ResourceUsageEndpointWebExtension.class));
	}

	@Test
	void runWhenExposedOnWebShouldHaveEndpointAndWebExtensionBeans() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=rusage")
			.run((context) -> assertThat(context).hasSingleBean(ResourceUsageEndpoint.class)
				.hasSingleBean(ResourceUsageEndpointWebExtension.class));
	}

	@Test
	void runWhenExposedOnJmxShouldHaveEndpointBean() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=rusage")
			.run((context) -> assertThat(context).hasSingleBean(ResourceUsageEndpoint.class));
	}

	@Test
	void runWhenExposedOnJmxButJmxDisabledShouldNotHaveEndpointBean() {
		this.contextRunner.withPropertyValues("management.endpoints.jmx.exposure.include=rusage")
			.run((context) -> assertThat(context).doesNotHaveBean(ResourceUsageEndpoint.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotHaveEndpointBean() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=*", "spring.jmx.enabled=true",
					"management.endpoints.jmx.exposure.include=*", "management.endpoint.rusage.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ResourceUsageEndpoint.class));
	}

	@Test
	void runWhenUserDefinesEndpointShouldUseIt() {
		ResourceUsageEndpoint userEndpoint = new ResourceUsageEndpoint(new UnavailableResourceUsageService("mine"));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=rusage")
			.withBean("myEndpoint", ResourceUsageEndpoint.class, () -> userEndpoint)
			.run((context) -> assertThat(context).getBean(ResourceUsageEndpoint.class).isSameAs(userEndpoint));
	}

}
