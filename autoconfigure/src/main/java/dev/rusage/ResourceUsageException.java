package dev.rusage;

/**
 * Thrown when {@code getrusage(2)} fails: it carries the {@code errno} the call set and
 * the system's message for it, like Python's {@code OSError}.
 *
 * @since 0.1.0
 */
public class ResourceUsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * The {@code errno} the failed call set.
	 */
	private final int errno;

	/**
	 * Creates an exception for a failed call.
	 * @param call the call that failed, such as {@code "getrusage(-2)"}
	 * @param errno the value of {@code errno} after the call
	 * @param systemMessage the system's message for {@code errno} ({@code strerror})
	 */
	public ResourceUsageException(String call, int errno, String systemMessage) {
		super(call + " failed: [Errno " + errno + "] " + systemMessage);
		this.errno = errno;
	}

	/**
	 * Returns the {@code errno} the failed call set, such as 22 ({@code EINVAL}).
	 * @return the error number
	 */
	public int errno() {
		return this.errno;
	}

}
