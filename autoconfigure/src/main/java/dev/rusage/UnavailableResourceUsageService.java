package dev.rusage;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ResourceUsageService} for a platform where {@code getrusage} cannot be called:
 * every read throws {@link ResourceUsageUnavailableException} with the short reason.
 *
 * @since 0.1.0
 */
public final class UnavailableResourceUsageService implements ResourceUsageService {

	private final String reason;

	private final String detail;

	/**
	 * Creates a service that always reports the given reason.
	 * @param reason why the platform cannot be called, in a short sentence safe to show
	 * to a client
	 * @param detail the full explanation for the log: causes, paths and what to do
	 */
	public UnavailableResourceUsageService(String reason, String detail) {
		this.reason = reason;
		this.detail = detail;
	}

	/**
	 * Creates a service that always reports the given reason.
	 * @param reason why the platform cannot be called, and what to do
	 */
	public UnavailableResourceUsageService(String reason) {
		this(reason, reason);
	}

	/**
	 * Returns why the platform cannot be called, in a short sentence.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Returns the full explanation, with causes and what to do, for the log.
	 * @return the detail
	 */
	public String detail() {
		return this.detail;
	}

	@Override
	public ResourceUsage getrusage(Who who) {
		throw new ResourceUsageUnavailableException(this.reason);
	}

	@Override
	public ResourceUsage getrusage(int who) {
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
	public boolean isThreadUsageSupported() {
		return false;
	}

	@Override
	public @Nullable String binding() {
		return null;
	}

	@Override
	public String toString() {
		return "UnavailableResourceUsageService[" + this.reason + "]";
	}

}
