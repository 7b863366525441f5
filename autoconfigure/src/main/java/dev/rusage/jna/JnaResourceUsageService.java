package dev.rusage.jna;

import java.util.Set;
import java.util.function.Supplier;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.VirtualThreads;
import dev.rusage.Who;

/**
 * The {@link ResourceUsageService} that calls the C library through JNA.
 * <p>
 * One read is one {@code getrusage} system call ({@link Who#BOTH}: two), into a native
 * buffer each thread reuses; the only allocation is the returned snapshot. The page size
 * is read once, when the service is created.
 *
 * @since 0.1.0
 */
public final class JnaResourceUsageService implements ResourceUsageService {

	private static final ThreadLocal<long[]> WORDS = ThreadLocal.withInitial(() -> new long[RusageLayout.WORDS]);

	private final NativeRusage binding;

	private final RusageLayout layout;

	private final int pagesize;

	JnaResourceUsageService(NativeRusage binding, RusageLayout layout) {
		this.binding = binding;
		this.layout = layout;
		this.pagesize = binding.getpagesize();
	}

	/**
	 * Returns the service for this platform: a working one on Linux and macOS, or, where
	 * {@code getrusage} cannot be called, an {@link UnavailableResourceUsageService} that
	 * says why. Never throws.
	 * @return the service
	 */
	public static ResourceUsageService create() {
		return create(NativeRusage::libc);
	}

	/**
	 * Returns the service for this platform using the given binding.
	 * @param binding supplies the native binding; an error such as
	 * {@link UnsatisfiedLinkError}, or a runtime exception, from it or from its first
	 * call makes the service unavailable
	 * @return the service
	 */
	public static ResourceUsageService create(Supplier<? extends NativeRusage> binding) {
		return create(System.getProperty("os.name", ""), binding);
	}

	static ResourceUsageService create(String osName, Supplier<? extends NativeRusage> binding) {
		RusageLayout layout = RusageLayout.forOperatingSystem(osName);
		if (layout == null) {
			return new UnavailableResourceUsageService("getrusage(2) does not exist on " + osName
					+ "; resource usage is available on Linux and macOS only");
		}
		try {
			return new JnaResourceUsageService(binding.get(), layout);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Error | RuntimeException ex) {
			return new UnavailableResourceUsageService("JNA could not load its native library (" + ex
					+ "); set the system property jna.tmpdir to a writable directory that allows execution,"
					+ " or install JNA's libjnidispatch and point jna.boot.library.path at it");
		}
	}

	@Override
	public ResourceUsage getrusage(Who who) {
		return switch (who) {
			case SELF, CHILDREN -> read(who);
			case THREAD -> readThread();
			// RUSAGE_BOTH: Linux answers EINVAL, so it is emulated
			case BOTH -> ResourceUsage.both(read(Who.SELF), read(Who.CHILDREN));
		};
	}

	private ResourceUsage readThread() {
		if (!this.layout.supportsThread()) {
			throw new UnsupportedOperationException(
					"RUSAGE_THREAD is not supported on " + this.layout.displayName() + "; use self or children");
		}
		if (VirtualThreads.isVirtual(Thread.currentThread())) {
			throw new UnsupportedOperationException("RUSAGE_THREAD cannot be read on a virtual thread: the kernel"
					+ " would report its carrier thread, which other virtual threads share; read it on a platform"
					+ " thread");
		}
		return read(Who.THREAD);
	}

	private ResourceUsage read(Who who) {
		long[] words = WORDS.get();
		this.binding.getrusage(who.nativeValue(), words);
		return this.layout.decode(who, words);
	}

	@Override
	public int getpagesize() {
		return this.pagesize;
	}

	@Override
	public Set<RusageField> unmaintainedFields() {
		return this.layout.unmaintained();
	}

	@Override
	public String toString() {
		return "JnaResourceUsageService[" + this.layout.displayName() + "]";
	}

}
