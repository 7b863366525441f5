package dev.rusage;

/**
 * Thrown by every read of a {@link ResourceUsageService} that cannot call the platform at
 * all, for example on Windows or when no native binding can be loaded. The message is the
 * short reason, safe to show to a client; the detail (paths, causes, what to do) is
 * logged once at startup.
 *
 * @since 0.1.0
 */
public class ResourceUsageUnavailableException extends ResourceUsageException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with the reason the platform cannot be called.
	 * @param reason why, in a short sentence
	 */
	public ResourceUsageUnavailableException(String reason) {
		super(reason);
	}

}
