package dev.rusage.autoconfigure;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;

/**
 * Holds for a stop of a Spring MVC request's observation while the request's asynchronous
 * processing has yet to produce the response: Spring stops the observation when an async
 * request times out or fails (still with a 200, and no response written), then again once
 * the timeout or error is handled, with the response the client gets. Only a later stop
 * carries the outcome the client saw. The signs: Spring's {@link WebAsyncManager} of the
 * request still holds the context of the concurrent handling it started (it lets go of it
 * when it handles the result), and the response is not committed.
 */
final class AsyncServletStops implements Predicate<Observation.Context> {

	static final String REQUIRED_CLASS = "org.springframework.web.context.request.async.WebAsyncManager";

	@Override
	public boolean test(Observation.Context context) {
		return context instanceof ServerRequestObservationContext request
				&& request.getCarrier()
					.getAttribute(WebAsyncUtils.WEB_ASYNC_MANAGER_ATTRIBUTE) instanceof WebAsyncManager manager
				&& manager.getConcurrentResultContext() != null && !request.getResponse().isCommitted();
	}

}
