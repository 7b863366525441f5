package dev.rusage.benchmarks;

import java.util.Set;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.Who;
import dev.rusage.platform.PlatformResourceUsageService;

/**
 * The service over the JNA binding, counting its {@code getrusage} system calls
 * ({@link Who#BOTH} makes two): how many a meter scrape makes. One plain (not atomic)
 * counter: a scrape runs on one thread.
 */
final class CountingRusage implements ResourceUsageService {

	private final ResourceUsageService delegate = PlatformResourceUsageService.create("jna");

	private long calls;

	@Override
	public ResourceUsage getrusage(Who who) {
		this.calls += (who == Who.BOTH) ? 2 : 1;
		return this.delegate.getrusage(who);
	}

	@Override
	public ResourceUsage getrusage(int who) {
		this.calls += (who == -2) ? 2 : 1;
		return this.delegate.getrusage(who);
	}

	@Override
	public int getpagesize() {
		return this.delegate.getpagesize();
	}

	@Override
	public Set<RusageField> unmaintainedFields() {
		return this.delegate.unmaintainedFields();
	}

	@Override
	public boolean isAvailable() {
		return this.delegate.isAvailable();
	}

	@Override
	public boolean isThreadUsageSupported() {
		return this.delegate.isThreadUsageSupported();
	}

	@Override
	public String binding() {
		return this.delegate.binding();
	}

	long calls() {
		return this.calls;
	}

}
