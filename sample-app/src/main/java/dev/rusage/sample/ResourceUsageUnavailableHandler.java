package dev.rusage.sample;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.rusage.ResourceUsageUnavailableException;

/**
 * Answers 503 with the reason when the platform cannot be read (for example when JNA's
 * native library does not load, a {@link ResourceUsageUnavailableException}, or on macOS,
 * which has no {@code RUSAGE_THREAD}), instead of a 500.
 */
@RestControllerAdvice
class ResourceUsageUnavailableHandler {

	@ExceptionHandler
	ProblemDetail resourceUsageUnavailable(UnsupportedOperationException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Resource usage unavailable");
		return problem;
	}

}
