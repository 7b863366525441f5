package dev.rusage.platform;

import dev.rusage.ResourceUsageService;

/**
 * The service over a binding of a test's choosing, for tests outside this package: the
 * factory that takes a binding is package-private, so that no application can hand one
 * in.
 */
public final class TestServices {

	private TestServices() {
	}

	/**
	 * Returns the service for this platform through the given binding.
	 * @param binding the binding, such as one that counts its calls or fails on purpose
	 * @return the service, or an unavailable one if the binding fails on its first call
	 */
	public static ResourceUsageService through(RusageBinding binding) {
		return PlatformResourceUsageService.create(() -> binding);
	}

}
