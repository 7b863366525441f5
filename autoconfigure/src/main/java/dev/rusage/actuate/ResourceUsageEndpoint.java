package dev.rusage.actuate;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.Who;

/**
 * {@link Endpoint @Endpoint} that exposes what the process, its children or the serving
 * thread has used, as {@code getrusage(2)} reports it.
 *
 * @since 0.1.0
 */
@Endpoint(id = "rusage")
public class ResourceUsageEndpoint {

	private final ResourceUsageService service;

	/**
	 * Creates an endpoint that reads through the given service.
	 * @param service the service
	 */
	public ResourceUsageEndpoint(ResourceUsageService service) {
		this.service = service;
	}

	/**
	 * Returns the usage of the process ({@code self}).
	 * @return the usage, keyed by the C field names
	 */
	@ReadOperation
	public Map<String, Object> rusage() {
		return describe(this.service.getrusage(Who.SELF));
	}

	/**
	 * Returns the usage of {@code self}, {@code children}, {@code thread} (the thread
	 * serving the request) or {@code both}.
	 * @param who whose usage, case-insensitive
	 * @return the usage, keyed by the C field names
	 * @throws IllegalArgumentException if {@code who} is none of those values
	 */
	@ReadOperation
	public Map<String, Object> rusageFor(@Selector String who) {
		return usageOf(Who.of(who));
	}

	/**
	 * Returns the usage of {@code who}.
	 * @param who whose usage
	 * @return the usage, keyed by the C field names
	 */
	public Map<String, Object> usageOf(Who who) {
		return describe(this.service.getrusage(who));
	}

	private Map<String, Object> describe(ResourceUsage usage) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("who", usage.who().id());
		for (RusageField field : RusageField.values()) {
			body.put(field.fieldName(), jsonValue(usage, field));
		}
		body.put("maxrss_bytes", usage.maxResidentSetSizeBytes());
		body.put("pagesize", this.service.getpagesize());
		body.put("unmaintained", this.service.unmaintainedFields().stream().map(RusageField::fieldName).toList());
		return OperationResponseBody.of(body);
	}

	private static Number jsonValue(ResourceUsage usage, RusageField field) {
		return switch (field) {
			// seconds with exactly six decimals, never in exponent notation
			case UTIME -> BigDecimal.valueOf(usage.userTimeMicros(), 6);
			case STIME -> BigDecimal.valueOf(usage.systemTimeMicros(), 6);
			default -> usage.get(field);
		};
	}

}
