package dev.rusage.benchmarks;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

/**
 * The {@link ResourceUsageService} the sample application gets when
 * {@code benchmarks/scripts/startup.sh} starts it without the starter's
 * auto-configuration: registered through {@code spring.main.sources}, it only satisfies
 * the sample's constructor and never touches JNA.
 */
public class StartupStubService implements ResourceUsageService {

	@Override
	public ResourceUsage getrusage(Who who) {
		throw new UnsupportedOperationException("the starter is excluded in this startup run");
	}

	@Override
	public ResourceUsage getrusage(int who) {
		throw new UnsupportedOperationException("the starter is excluded in this startup run");
	}

	@Override
	public int getpagesize() {
		throw new UnsupportedOperationException("the starter is excluded in this startup run");
	}

}
