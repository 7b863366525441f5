package dev.rusage.benchmarks;

import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.PlatformResourceUsageService;

/**
 * How {@code RUSAGE_SELF} grows with the number of live threads (the kernel sums over
 * every thread of the process), against {@code RUSAGE_THREAD}, which does not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch" })
@State(Scope.Benchmark)
public class ThreadScalingBenchmark {

	private static final int C_CALLS = 100;

	/** Threads of the whole process, as {@code /proc/self/status} counts them. */
	@Param({ "20", "200", "1000" })
	public int liveThreads;

	private ResourceUsageService service;

	private Memory buffer;

	private long address;

	private LiveThreads parked;

	/** Starts the parked threads. */
	@Setup
	public void setUp() {
		this.service = PlatformResourceUsageService.create();
		this.buffer = new Memory(144);
		this.address = Pointer.nativeValue(this.buffer);
		this.parked = LiveThreads.topUpTo(this.liveThreads);
	}

	/** Releases the parked threads. */
	@TearDown
	public void tearDown() {
		this.parked.close();
	}

	/** {@code service.getrusage(SELF)}. */
	@Benchmark
	public ResourceUsage serviceSelf() {
		return this.service.getrusage(Who.SELF);
	}

	/** {@code service.getrusage(THREAD)}. */
	@Benchmark
	public ResourceUsage serviceThread() {
		return this.service.getrusage(Who.THREAD);
	}

	/** The C loop, SELF. */
	@Benchmark
	@OperationsPerInvocation(C_CALLS)
	public void cLoopSelf() {
		RusageLoop.run(0, C_CALLS, this.address);
	}

}
