package dev.rusage.autoconfigure;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Holds for a stop of a Spring MVC request's observation while the request's asynchronous
 * processing is still under way: Spring stops the observation when an async request times
 * out, before the timeout is handled and the response that the client gets is made, and
 * stops it again then. Only the later stop carries the outcome the client saw.
 */
final class AsyncServletStops implements Predicate<Observation.Context> {

	static final String SERVLET_REQUEST = "jakarta.servlet.http.HttpServletRequest";

	@Override
	public boolean test(Observation.Context context) {
		return context instanceof ServerRequestObservationContext request && request.getCarrier().isAsyncStarted();
	}

}
