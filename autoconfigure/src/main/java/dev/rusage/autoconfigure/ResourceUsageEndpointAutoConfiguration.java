package dev.rusage.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.rusage.ResourceUsageService;
import dev.rusage.actuate.ResourceUsageEndpoint;
import dev.rusage.actuate.ResourceUsageEndpointWebExtension;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link ResourceUsageEndpoint}. Like every Actuator endpoint
 * it is created only when available (exposed and not switched off with
 * {@code management.endpoint.rusage.access=none}); this starter never changes the
 * exposure settings.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResourceUsageAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ResourceUsageService.class)
@ConditionalOnAvailableEndpoint(ResourceUsageEndpoint.class)
public final class ResourceUsageEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResourceUsageEndpoint resourceUsageEndpoint(ResourceUsageService resourceUsageService) {
		return new ResourceUsageEndpoint(resourceUsageService);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ResourceUsageEndpoint.class)
	ResourceUsageEndpointWebExtension resourceUsageEndpointWebExtension(ResourceUsageEndpoint resourceUsageEndpoint) {
		return new ResourceUsageEndpointWebExtension(resourceUsageEndpoint);
	}

}
