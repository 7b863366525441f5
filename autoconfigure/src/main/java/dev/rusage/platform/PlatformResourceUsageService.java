package dev.rusage.platform;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.rusage.GetrusageFailedException;
import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageException;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.UnmeasurableThreadException;
import dev.rusage.Who;

/**
 * The {@link ResourceUsageService} of Linux and macOS, calling the C library through a
 * {@link RusageBinding}.
 * <p>
 * One read is one {@code getrusage} system call ({@link Who#BOTH}: two) into a native
 * struct borrowed from a small shared pool; the only allocation is the returned snapshot,
 * and nothing is kept per thread. The struct is filled with -1 before each call and every
 * value is checked after it, so memory the kernel did not write is never served. The page
 * size is read once, when the service is created.
 */
public final class PlatformResourceUsageService implements ResourceUsageService {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final long UNWRITTEN = -1L;

	private final RusageBinding binding;

	private final RusageLayout layout;

	private final StructPool pool;

	private final int pagesize;

	PlatformResourceUsageService(RusageBinding binding, RusageLayout layout) {
		this.binding = binding;
		this.layout = layout;
		this.pool = new StructPool(binding, StructPool.defaultSize());
		this.pagesize = binding.getpagesize();
	}

	/**
	 * Returns the service for this platform, through the binding that the system property
	 * {@code rusage.binding} names ({@code auto} when it is not set: the first binding
	 * that loads): a working one on Linux and macOS, or, where {@code getrusage} cannot
	 * be called, an {@link UnavailableResourceUsageService} that says why. Never throws.
	 * @return the service
	 * @see #create(String)
	 */
	public static ResourceUsageService create() {
		return create(System.getProperty(RusageBindings.PROPERTY, RusageBindings.AUTO));
	}

	/**
	 * Returns the service for this platform through the named binding.
	 * @param binding {@code "auto"} for the first binding that loads (FFM on Java 22+,
	 * then JNA), or the name of one binding: {@code "ffm"} or {@code "jna"}
	 * @return the service, or an {@link UnavailableResourceUsageService} that says why
	 * the binding cannot be used; never throws
	 */
	public static ResourceUsageService create(String binding) {
		return create(System.getProperty("os.name", ""), () -> RusageBindings.load(binding));
	}

	/**
	 * Returns the service for this platform using the given binding: package-private, so
	 * that no code outside this library hands in a binding (tests inject faults with it).
	 * @param binding supplies the binding; an error or runtime exception from it or from
	 * its first call makes the service unavailable
	 * @return the service, or an {@link UnavailableResourceUsageService} that says why;
	 * never throws
	 */
	static ResourceUsageService create(Supplier<? extends RusageBinding> binding) {
		return create(System.getProperty("os.name", ""), binding);
	}

	static ResourceUsageService create(String osName, Supplier<? extends RusageBinding> binding) {
		RusageLayout layout = RusageLayout.forOperatingSystem(osName);
		if (layout == null) {
			String reason = "getrusage(2) does not exist on " + osName;
			return new UnavailableResourceUsageService(reason,
					reason + "; resource usage is available on Linux and macOS only");
		}
		RusageBinding loaded;
		try {
			loaded = binding.get();
		}
		catch (RusageBindings.BindingUnavailableException ex) {
			return new UnavailableResourceUsageService(ex.reason(), ex.reason() + ": " + ex.getMessage());
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			return new UnavailableResourceUsageService("the native binding could not be created",
					"the native binding could not be created: " + ex);
		}
		try {
			return new PlatformResourceUsageService(loaded, layout);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			return new UnavailableResourceUsageService("the " + loaded.name() + " binding failed",
					"the " + loaded.name() + " binding (" + loaded + ") failed on its first call: " + ex);
		}
	}

	/**
	 * Returns the classes of the native bindings, in the order {@code auto} tries them:
	 * each is loaded by name, so a native image must be told to keep its {@code load()}.
	 * @return the fully qualified class names
	 */
	public static List<String> bindingClassNames() {
		return RusageBindings.classNames();
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

	@Override
	public ResourceUsage getrusage(int who) {
		return getrusage(RusageConstants.who(who));
	}

	private ResourceUsage readThread() {
		if (!this.layout.supportsThread()) {
			throw new UnmeasurableThreadException(
					"RUSAGE_THREAD is not supported on " + this.layout.displayName() + "; use self or children");
		}
		if (!isThreadMeasurable()) {
			throw new UnmeasurableThreadException("RUSAGE_THREAD cannot be read on a virtual thread: the kernel"
					+ " would report its carrier thread, which other virtual threads share; read it on a platform"
					+ " thread");
		}
		// Linux reports a running thread's CPU time as of the scheduler's last update,
		// up to one tick (1/CONFIG_HZ) old; reading the thread's CPU clock first brings
		// it up to date (task_sched_runtime calls update_curr)
		THREADS.getCurrentThreadCpuTime();
		return read(Who.THREAD);
	}

	private ResourceUsage read(Who who) {
		int slot = this.pool.acquire();
		try {
			RusageStruct struct = this.pool.struct(slot);
			struct.fill(UNWRITTEN);
			int errno = struct.getrusage(RusageConstants.valueOf(who));
			if (errno != 0) {
				throw failed(who, errno);
			}
			long[] words = this.pool.words(slot);
			struct.copyTo(words);
			return this.layout.decode(who, words);
		}
		catch (ResourceUsageException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new GetrusageFailedException(call(who), "the " + this.binding.name() + " binding failed: " + ex);
		}
		finally {
			this.pool.release(slot);
		}
	}

	private GetrusageFailedException failed(Who who, int errno) {
		return new GetrusageFailedException(call(who), errno, this.binding.strerror(errno));
	}

	private static String call(Who who) {
		return "getrusage(" + RusageConstants.name(who) + ")";
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
	public boolean isThreadUsageSupported() {
		return this.layout.supportsThread();
	}

	@Override
	public String binding() {
		return this.binding.name();
	}

	@Override
	public String toString() {
		return "PlatformResourceUsageService[" + this.layout.displayName() + ", " + this.binding.name() + "]";
	}

}
