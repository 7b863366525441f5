package dev.rusage.sample;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.rusage.ResourceUsageException;
import dev.rusage.UnmeasurableThreadException;

/**
 * Answers a {@link ResourceUsageException} from a controller with a short reason instead
 * of a 500: 501 when the serving thread cannot be read here (a virtual thread, macOS),
 * 503 when the platform cannot be read or a read failed.
 */
@RestControllerAdvice
class ResourceUsageUnavailableHandler {

	@ExceptionHandler
	ProblemDetail resourceUsageFailed(ResourceUsageException ex) {
		HttpStatus status = (ex instanceof UnmeasurableThreadException) ? HttpStatus.NOT_IMPLEMENTED
				: HttpStatus.SERVICE_UNAVAILABLE;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle("Resource usage unavailable");
		return problem;
	}

}
