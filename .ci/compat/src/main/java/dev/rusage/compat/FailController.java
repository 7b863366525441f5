package dev.rusage.compat;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Fails every request with an exception the application does not handle: a request whose
 * timer is tagged {@code error="IllegalStateException"}, to hold the labels of its CPU
 * time series against; and an asynchronous request that is never completed and times
 * out, which Spring MVC answers with a 503 after stopping its observation once (Boot 4.2)
 * or several times (3.5 to 4.1).
 */
@RestController
class FailController {

	@GetMapping("/fail")
	String fail() {
		throw new IllegalStateException("compat: /fail always fails");
	}

	@GetMapping("/deferred-never")
	DeferredResult<String> deferredNever() {
		return new DeferredResult<>(50L);
	}

}
