package dev.rusage.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.rusage.ResourceUsageException;
import dev.rusage.UnmeasurableThreadException;
import dev.rusage.Who;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the
 * {@link ResourceUsageEndpoint} that turns failures into clear HTTP statuses instead of a
 * 500: an unknown {@code who} is a 400 naming the valid values; a thread that cannot be
 * read here ({@code thread} on a virtual thread or on macOS) is a 501; a platform that
 * cannot be called, or a call that fails, is a 503. Error bodies carry the short reason
 * only.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ResourceUsageEndpoint.class)
public class ResourceUsageEndpointWebExtension {

	private static final int STATUS_NOT_IMPLEMENTED = 501;

	private final ResourceUsageEndpoint delegate;

	/**
	 * Creates an extension for the given endpoint.
	 * @param delegate the endpoint
	 */
	public ResourceUsageEndpointWebExtension(ResourceUsageEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Returns the usage of the process ({@code self}).
	 * @return the usage, or an error with status 503 if the platform cannot be read
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> rusage() {
		return respond(this.delegate::rusage);
	}

	/**
	 * Returns the usage of {@code self}, {@code children}, {@code thread} or
	 * {@code both}.
	 * @param who whose usage, case-insensitive
	 * @return the usage; an error with status 400 for an unknown {@code who}, 501 if the
	 * serving thread cannot be read here, or 503 if the platform cannot be read
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> rusageFor(@Selector String who) {
		Who selector;
		try {
			selector = Who.of(who);
		}
		catch (IllegalArgumentException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ex.getMessage());
		}
		return respond(() -> this.delegate.usageOf(selector));
	}

	private WebEndpointResponse<Map<String, Object>> respond(Supplier<Map<String, Object>> read) {
		try {
			return new WebEndpointResponse<>(read.get());
		}
		catch (UnmeasurableThreadException ex) {
			return error(STATUS_NOT_IMPLEMENTED, "Not Implemented", ex.getMessage());
		}
		catch (ResourceUsageException ex) {
			return error(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, "Service Unavailable", ex.getMessage());
		}
	}

	private static WebEndpointResponse<Map<String, Object>> error(int status, String error, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("error", error);
		body.put("message", message);
		return new WebEndpointResponse<>(OperationResponseBody.of(body), status);
	}

}
