package dev.rusage.compat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

/**
 * Reads usage through the injected {@link ResourceUsageService}, as application code
 * would, and answers with the application's own JSON mapper.
 */
@RestController
class UsageController {

	private final ResourceUsageService resourceUsage;

	UsageController(ResourceUsageService resourceUsage) {
		this.resourceUsage = resourceUsage;
	}

	@GetMapping("/usage/{who}")
	Map<String, Object> usage(@PathVariable String who) {
		ResourceUsage usage = this.resourceUsage.getrusage(Who.of(who));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("who", usage.who().id());
		body.put("userTimeMicros", usage.userTimeMicros());
		body.put("systemTimeMicros", usage.systemTimeMicros());
		body.put("maxResidentSetSizeBytes", usage.maxResidentSetSizeBytes());
		body.put("values", usage.values());
		body.put("pagesize", this.resourceUsage.getpagesize());
		body.put("serviceType", this.resourceUsage.getClass().getName());
		return body;
	}

}
