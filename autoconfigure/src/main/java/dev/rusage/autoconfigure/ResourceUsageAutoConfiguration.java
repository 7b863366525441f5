package dev.rusage.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.rusage.ResourceUsageService;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.jna.JnaResourceUsageService;
import dev.rusage.jna.NativeRusage;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link ResourceUsageService}.
 * <p>
 * Where {@code getrusage} cannot be called (Windows, or JNA's native library does not
 * load) the application still starts: the service is one that throws a clear exception,
 * and a single WARN line says why.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(name = "com.sun.jna.Native")
public final class ResourceUsageAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ResourceUsageAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ResourceUsageService resourceUsageService(ObjectProvider<NativeRusage> binding) {
		ResourceUsageService service = JnaResourceUsageService.create(() -> binding.getIfAvailable(NativeRusage::libc));
		if (service instanceof UnavailableResourceUsageService unavailable) {
			logger.warn("Resource usage (getrusage) is unavailable: " + unavailable.reason());
		}
		return service;
	}

}
