package dev.rusage;

/**
 * Thrown by every read of a {@link ResourceUsageService} that cannot call the platform at
 * all, for example on Windows or when JNA's native library cannot be loaded. The message
 * says why and what to do.
 *
 * @since 0.1.0
 */
public class ResourceUsageUnavailableException extends UnsupportedOperationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with the reason the platform cannot be called.
	 * @param reason why, and what to do
	 */
	public ResourceUsageUnavailableException(String reason) {
		super(reason);
	}

}
