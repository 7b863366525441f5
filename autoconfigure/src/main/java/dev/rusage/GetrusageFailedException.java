package dev.rusage;

/**
 * Thrown when one {@code getrusage(2)} call fails, like Python's {@code OSError}: either
 * the call returned -1, and the exception carries the {@code errno} it set and the
 * system's message for it, or the call reported success but what it wrote is not a
 * possible {@code struct rusage} (a negative value, or {@code tv_usec} of a million or
 * more, as when a sandbox answers the system call without performing it), and
 * {@link #errno()} is 0. Either way no value of that call is used.
 *
 * @since 0.1.0
 */
public class GetrusageFailedException extends ResourceUsageException {

	private static final long serialVersionUID = 1L;

	/**
	 * The {@code errno} the failed call set, or 0.
	 */
	private final int errno;

	/**
	 * Creates an exception for a call that returned -1.
	 * @param call the call that failed, such as {@code "getrusage(RUSAGE_SELF)"}
	 * @param errno the value of {@code errno} after the call
	 * @param systemMessage the system's message for {@code errno} ({@code strerror})
	 */
	public GetrusageFailedException(String call, int errno, String systemMessage) {
		super(call + " failed: [Errno " + errno + "] " + systemMessage);
		this.errno = errno;
	}

	/**
	 * Creates an exception for a call that reported success with impossible values, or
	 * that failed in the binding without an {@code errno}.
	 * @param call the call that failed, such as {@code "getrusage(RUSAGE_SELF)"}
	 * @param reason what was wrong
	 */
	public GetrusageFailedException(String call, String reason) {
		super(call + " failed: " + reason);
		this.errno = 0;
	}

	/**
	 * Returns the {@code errno} the failed call set, such as 22 ({@code EINVAL}), or 0 if
	 * the call reported success but wrote impossible values.
	 * @return the error number, or 0
	 */
	public int errno() {
		return this.errno;
	}

}
