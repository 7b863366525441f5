package dev.rusage;

/**
 * Thrown when the calling thread's usage ({@link Who#THREAD}) cannot be read here: the
 * platform has no {@code RUSAGE_THREAD} (macOS), or the caller is a virtual thread, whose
 * kernel thread is a carrier that other virtual threads share, so the kernel's figures
 * would not be its own. This is a limit of where the code runs, not a bad request.
 *
 * @since 0.1.0
 */
public class UnmeasurableThreadException extends ResourceUsageException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with the reason.
	 * @param reason why the thread cannot be read, and what to do instead
	 */
	public UnmeasurableThreadException(String reason) {
		super(reason);
	}

}
