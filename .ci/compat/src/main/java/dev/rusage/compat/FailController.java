package dev.rusage.compat;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fails every request with an exception the application does not handle: a request whose
 * timer is tagged {@code error="IllegalStateException"}, to hold the labels of its CPU
 * time series against.
 */
@RestController
class FailController {

	@GetMapping("/fail")
	String fail() {
		throw new IllegalStateException("compat: /fail always fails");
	}

}
