package dev.rusage.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorFallback;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.rusage.ResourceUsageService;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.actuate.ResourceUsageInfoContributor;
import dev.rusage.platform.PlatformResourceUsageService;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link ResourceUsageService}.
 * <p>
 * The native binding is the one {@code rusage.binding} names ({@code auto} by default:
 * FFM on Java 22+, then JNA); it is not a bean, so nothing of the application's replaces
 * it. Where {@code getrusage} cannot be called (Windows, or no binding loads) the
 * application still starts: the service is one that throws a clear exception, and a
 * single WARN line says why and what to do. The {@code rusage} entry of
 * {@code /actuator/info} is off, as Boot's {@code process}, {@code os} and {@code java}
 * entries are, until {@code management.info.rusage.enabled=true}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(ResourceUsageProperties.class)
public final class ResourceUsageAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ResourceUsageAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ResourceUsageService resourceUsageService(ResourceUsageProperties properties) {
		ResourceUsageService service = PlatformResourceUsageService.create(properties.getBinding());
		if (service instanceof UnavailableResourceUsageService unavailable) {
			logger.warn("Resource usage (getrusage) is unavailable: " + unavailable.detail());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Resource usage is read through " + service);
		}
		return service;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(InfoContributor.class)
	@ConditionalOnEnabledInfoContributor(value = "rusage", fallback = InfoContributorFallback.DISABLE)
	static class InfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ResourceUsageInfoContributor resourceUsageInfoContributor(ResourceUsageService resourceUsageService) {
			return new ResourceUsageInfoContributor(resourceUsageService);
		}

	}

}
