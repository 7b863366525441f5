package dev.rusage;

/**
 * A {@link ResourceUsageService} for a platform where {@code getrusage} cannot be called:
 * every read throws {@link ResourceUsageUnavailableException} with the reason.
 *
 * @since 0.1.0
 */
public final class UnavailableResourceUsageService implements ResourceUsageService {

	private final String reason;

	/**
	 * Creates a service that always reports the given reason.
	 * @param reason why the platform cannot be called, and what to do
	 */
	public UnavailableResourceUsageService(String reason) {
		this.reason = reason;
	}

	/**
	 * Returns why the platform cannot be called, and what to do.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	@Override
	public ResourceUsage getrusage(Who who) {
		throw new ResourceUsageUnavailableException(this.reason);
	}

	@Override
	public int getpagesize() {
		throw new ResourceUsageUnavailableException(this.reason);
	}

	@Override
	public boolean isAvailable() {
		return false;
	}

	@Override
	public String toString() {
		return "UnavailableResourceUsageService[" + this.reason + "]";
	}

}
