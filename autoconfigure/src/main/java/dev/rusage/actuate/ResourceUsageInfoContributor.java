package dev.rusage.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.rusage.ResourceUsageService;

/**
 * {@link InfoContributor} that tells, under {@code rusage} in {@code /actuator/info},
 * whether resource usage can be read and through which native binding.
 *
 * @since 0.1.0
 */
public class ResourceUsageInfoContributor implements InfoContributor {

	private final ResourceUsageService service;

	/**
	 * Creates a contributor for the given service.
	 * @param service the service
	 */
	public ResourceUsageInfoContributor(ResourceUsageService service) {
		this.service = service;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("available", this.service.isAvailable());
		String binding = this.service.binding();
		if (binding != null) {
			details.put("binding", binding);
		}
		builder.withDetail("rusage", details);
	}

}
