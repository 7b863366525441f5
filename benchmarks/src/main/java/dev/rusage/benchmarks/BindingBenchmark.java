package dev.rusage.benchmarks;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.RusageStruct;

/**
 * The service through each binding, and each binding's own floor (one {@code getrusage}
 * into its pooled struct, nothing else), on a platform thread and, for the allocation
 * that {@code -prof gc} counts, on a virtual thread. The {@code ffm} binding needs Java
 * 22+: on Java 17 run {@code -p binding=jna}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch" })
@State(Scope.Thread)
public class BindingBenchmark {

	private static final int VIRTUAL_CALLS = 1000;

	/** The binding under test. */
	@Param({ "jna", "ffm" })
	public String binding;

	private ResourceUsageService service;

	private RusageStruct struct;

	private Method startVirtualThread;

	/** Creates the service and a struct of the binding, outside the measurement. */
	@Setup
	public void setUp() {
		this.service = Bindings.service(this.binding);
		this.struct = Bindings.binding(this.binding).allocate();
		try {
			// Thread.startVirtualThread is Java 21 API; this code compiles for Java 17
			this.startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
		}
		catch (NoSuchMethodException ex) {
			this.startVirtualThread = null;
		}
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

	/** The binding's floor, SELF: the call into a reused struct, no fill, no decoding. */
	@Benchmark
	public int structSelf() {
		return this.struct.getrusage(0);
	}

	/** The binding's floor, THREAD. */
	@Benchmark
	public int structThread() {
		return this.struct.getrusage(1);
	}

	/**
	 * {@value #VIRTUAL_CALLS} {@code service.getrusage(SELF)} calls on one new virtual
	 * thread (Java 21+): with {@code -prof gc}, the bytes per call there, the thread's
	 * own start spread over the calls.
	 * @param blackhole consumes the results
	 * @throws Exception if the thread cannot be started or joined
	 */
	@Benchmark
	@OperationsPerInvocation(VIRTUAL_CALLS)
	public void serviceSelfOnVirtualThread(Blackhole blackhole) throws Exception {
		if (this.startVirtualThread == null) {
			throw new IllegalStateException("virtual threads need Java 21+");
		}
		Runnable calls = () -> {
			for (int i = 0; i < VIRTUAL_CALLS; i++) {
				blackhole.consume(this.service.getrusage(Who.SELF));
			}
		};
		((Thread) this.startVirtualThread.invoke(null, calls)).join();
	}

}
