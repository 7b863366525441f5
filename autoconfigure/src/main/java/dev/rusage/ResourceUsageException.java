package dev.rusage;

/**
 * The base of every exception this library throws, so that a caller can catch one type.
 * Its subtypes tell the cases apart: {@link ResourceUsageUnavailableException} (the
 * platform cannot be called at all), {@link UnmeasurableThreadException} (this thread
 * cannot be read here) and {@link GetrusageFailedException} (one call failed).
 *
 * @since 0.1.0
 */
public class ResourceUsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message.
	 * @param message what went wrong
	 */
	public ResourceUsageException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and a cause.
	 * @param message what went wrong
	 * @param cause the cause
	 */
	public ResourceUsageException(String message, Throwable cause) {
		super(message, cause);
	}

}
