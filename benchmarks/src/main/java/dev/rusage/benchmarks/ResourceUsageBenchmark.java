package dev.rusage.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageMeasurement;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.PlatformResourceUsageService;

/**
 * The service's calls and their baselines, in one JVM so that ratios are fair: the C loop
 * (the system call itself), bare direct-mapped JNA, JNA interface mapping with a
 * {@code Structure}, and the JDK's own CPU-time calls; and what is built on the calls:
 * {@code measure(() -> {})} next to two {@code THREAD} calls, and one full Prometheus
 * scrape of the rusage meters.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch" })
@State(Scope.Thread)
public class ResourceUsageBenchmark {

	private ResourceUsageService service;

	private Memory buffer;

	private long address;

	private StructureLibC.Rusage structure;

	private OperatingSystemMXBean operatingSystem;

	private ThreadMXBean threads;

	/** Creates the service, buffers and beans, outside the measurement. */
	@Setup
	public void setUp() {
		this.service = PlatformResourceUsageService.create();
		this.service.getrusage(Who.SELF);
		this.buffer = new Memory(144);
		this.address = Pointer.nativeValue(this.buffer);
		this.structure = new StructureLibC.Rusage();
		this.operatingSystem = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		this.threads = ManagementFactory.getThreadMXBean();
	}

	/** {@code service.getrusage(SELF)}: one system call and the record. */
	@Benchmark
	public ResourceUsage serviceSelf() {
		return this.service.getrusage(Who.SELF);
	}

	/** {@code service.getrusage(THREAD)}. */
	@Benchmark
	public ResourceUsage serviceThread() {
		return this.service.getrusage(Who.THREAD);
	}

	/** {@code service.getrusage(CHILDREN)}. */
	@Benchmark
	public ResourceUsage serviceChildren() {
		return this.service.getrusage(Who.CHILDREN);
	}

	/** {@code service.getrusage(BOTH)}: SELF and CHILDREN, summed. */
	@Benchmark
	public ResourceUsage serviceBoth() {
		return this.service.getrusage(Who.BOTH);
	}

	/** {@code service.getpagesize()}: read once, cached. */
	@Benchmark
	public int serviceGetpagesize() {
		return this.service.getpagesize();
	}

	/**
	 * {@code service.measure(() -> {})}: two THREAD calls, two clock reads, the
	 * difference.
	 */
	@Benchmark
	public ResourceUsageMeasurement<Void> serviceMeasure() {
		return this.service.measure(() -> {
		});
	}

	/** Two {@code service.getrusage(THREAD)} calls: the floor of {@code measure}. */
	@Benchmark
	public ResourceUsage serviceThreadTwice() {
		this.service.getrusage(Who.THREAD);
		return this.service.getrusage(Who.THREAD);
	}

	/**
	 * One full Prometheus scrape of a registry holding the rusage meters, each a fresh
	 * snapshot (one {@code getrusage} per {@code who}).
	 * @param scrape the registry
	 * @return the text
	 */
	@Benchmark
	public String meterScrape(Scrape scrape) {
		return scrape.meters.scrape();
	}

	/**
	 * The same scrape served from the previous snapshot: Micrometer and Prometheus
	 * formatting only, no system call.
	 * @param scrape the registry
	 * @return the text
	 */
	@Benchmark
	public String meterScrapeCached(Scrape scrape) {
		return scrape.meters.cachedScrape();
	}

	/** The C loop, SELF: the system call's own cost at this JVM's thread count. */
	@Benchmark
	@OperationsPerInvocation(RusageLoop.CALLS)
	public void cLoopSelf() {
		RusageLoop.run(0, RusageLoop.CALLS, this.address);
	}

	/** The C loop, THREAD. */
	@Benchmark
	@OperationsPerInvocation(RusageLoop.CALLS)
	public void cLoopThread() {
		RusageLoop.run(1, RusageLoop.CALLS, this.address);
	}

	/** The C loop, CHILDREN. */
	@Benchmark
	@OperationsPerInvocation(RusageLoop.CALLS)
	public void cLoopChildren() {
		RusageLoop.run(-1, RusageLoop.CALLS, this.address);
	}

	/** Bare direct-mapped JNA into a reused native buffer, SELF: the floor for JNA. */
	@Benchmark
	public int bareJnaSelf() {
		return BareLibC.getrusage(0, this.address);
	}

	/** Bare direct-mapped JNA, THREAD. */
	@Benchmark
	public int bareJnaThread() {
		return BareLibC.getrusage(1, this.address);
	}

	/**
	 * {@code getpagesize()} through bare direct-mapped JNA: the fixed cost of a JNA call.
	 */
	@Benchmark
	public int bareJnaGetpagesize() {
		return BareLibC.getpagesize();
	}

	/** JNA interface mapping into a reused {@code Structure}, converted to the record. */
	@Benchmark
	public ResourceUsage structureSelf() {
		StructureLibC.INSTANCE.getrusage(0, this.structure);
		return this.structure.toResourceUsage(Who.SELF);
	}

	/**
	 * JNA interface mapping with a new {@code Structure} per call, converted to the
	 * record.
	 */
	@Benchmark
	public ResourceUsage structureNewSelf() {
		StructureLibC.Rusage usage = new StructureLibC.Rusage();
		StructureLibC.INSTANCE.getrusage(0, usage);
		return usage.toResourceUsage(Who.SELF);
	}

	/** JDK {@code OperatingSystemMXBean.getProcessCpuTime()}: CPU time only. */
	@Benchmark
	public long jdkProcessCpuTime() {
		return this.operatingSystem.getProcessCpuTime();
	}

	/** JDK {@code ThreadMXBean.getCurrentThreadCpuTime()}: CPU time only. */
	@Benchmark
	public long jdkCurrentThreadCpuTime() {
		return this.threads.getCurrentThreadCpuTime();
	}

	/** A Prometheus registry with the rusage meters, counting its system calls. */
	@State(Scope.Thread)
	public static class Scrape {

		MeterScrape meters;

		/** Binds the meters, prints the series a scrape exports. */
		@Setup(Level.Trial)
		public void setUp() {
			this.meters = new MeterScrape();
			System.out.println("rusage series per scrape = " + this.meters.rusageSeries());
			this.meters.resetCount();
		}

		/** Prints the {@code getrusage} calls per fresh scrape over the whole trial. */
		@TearDown(Level.Trial)
		public void tearDown() {
			System.out.println(this.meters.callsPerScrape());
		}

	}

}
