package dev.rusage.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.benchmarks.bare.BareClockObservationHandler;
import dev.rusage.observation.ObservedCounter;
import dev.rusage.observation.ResourceUsageObservationHandler;
import dev.rusage.platform.PlatformResourceUsageService;

/**
 * What the {@link ResourceUsageObservationHandler} costs one observation: its start, one
 * scope opened and closed on this thread, and its stop, which records into a Prometheus
 * registry with the five tags of an HTTP request. Next to it in the same run: two reads
 * of the thread's CPU clock ({@link ThreadMXBean#getCurrentThreadCpuTime()}, the floor of
 * an exact CPU time) and two {@code getrusage(THREAD)} calls; the handler with every
 * counter on; and a whole observation through an {@link ObservationRegistry} with
 * Micrometer's timer handler ({@link DefaultMeterObservationHandler}, as Spring Boot
 * registers it for an HTTP request) alone, with ours, and with the bare clock-read
 * reference handler of the CPU-per-request harness. With {@code -prof gc},
 * {@code observationWithHandler}'s B/op less {@code observationWithoutHandler}'s is the
 * handler's own allocation per observation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch" })
@State(Scope.Thread)
public class ObservationBenchmark {

	private static final String NAME = "http.server.requests";

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final KeyValues HTTP_TAGS = KeyValues.of("exception", "none", "method", "GET", "outcome", "SUCCESS",
			"status", "200", "uri", "/digest");

	private ResourceUsageService service;

	private Measured cpuTime;

	private Measured everyCounter;

	private ObservationRegistry timerOnly;

	private ObservationRegistry timerAndHandler;

	private ObservationRegistry timerAndBareClock;

	/** Creates the service, the handlers, their registries and the contexts. */
	@Setup
	public void setUp() {
		this.service = PlatformResourceUsageService.create();
		this.cpuTime = new Measured(this.service, EnumSet.noneOf(ObservedCounter.class));
		this.everyCounter = new Measured(this.service, EnumSet.allOf(ObservedCounter.class));
		this.timerOnly = observationRegistry();
		this.timerAndHandler = observationRegistry();
		MeterRegistry handlerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ResourceUsageObservationHandler handler = newHandler(this.service, handlerRegistry,
				EnumSet.noneOf(ObservedCounter.class));
		// both roles, as Spring Boot registers it
		this.timerAndHandler.observationConfig().observationHandler(handler).observationFilter(handler);
		observe(this.timerAndHandler);
		if (handlerRegistry.find(NAME + ".cpu.time").summary() == null) {
			throw new IllegalStateException("The handler did not measure an observation of the registry");
		}
		this.timerAndBareClock = observationRegistry();
		BareClockObservationHandler bareClock = new BareClockObservationHandler(NAME);
		this.timerAndBareClock.observationConfig().observationHandler(bareClock);
		observe(this.timerAndBareClock);
		if (bareClock.observations() != 1) {
			throw new IllegalStateException("The bare clock handler did not measure an observation of the registry");
		}
		System.out.println("binding = " + this.service.binding());
	}

	/** Prints what the handlers recorded, to show that none took the skip path. */
	@TearDown(Level.Trial)
	public void tearDown() {
		System.out
			.println("cpu time only: " + this.cpuTime.recorded() + "; every counter: " + this.everyCounter.recorded());
	}

	/**
	 * The handler as the benchmarks create it: the one place to change when its
	 * constructor does.
	 */
	private static ResourceUsageObservationHandler newHandler(ResourceUsageService service, MeterRegistry registry,
			Set<ObservedCounter> counters) {
		// as Spring Boot builds it without Micrometer Tracing: no span, so no key values
		return ResourceUsageObservationHandler.builder(service, registry)
			.observations((context) -> NAME.equals(context.getName()))
			.counters(counters)
			.spanAttributes(false)
			.build();
	}

	/**
	 * Two reads of the thread's CPU clock, one {@code clock_gettime} each: the floor of a
	 * handler that measures CPU time exactly.
	 * @return the two readings, combined
	 */
	@Benchmark
	public long twoClockReads() {
		long start = THREADS.getCurrentThreadCpuTime();
		return THREADS.getCurrentThreadCpuTime() - start;
	}

	/**
	 * Two {@code service.getrusage(THREAD)} calls: the reads of a handler that records
	 * counters too, and those of the handler before issue 19.
	 * @return the second reading
	 */
	@Benchmark
	public ResourceUsage twoThreadReads() {
		this.service.getrusage(Who.THREAD);
		return this.service.getrusage(Who.THREAD);
	}

	/**
	 * The handler, CPU time only: start, scope opened and closed, stop.
	 * @return the context
	 */
	@Benchmark
	public Observation.Context handler() {
		return this.cpuTime.observe();
	}

	/**
	 * The handler with page faults, context switches and block operations on.
	 * @return the context
	 */
	@Benchmark
	public Observation.Context handlerWithCounters() {
		return this.everyCounter.observe();
	}

	/**
	 * A whole observation with Micrometer's timer handler only: the cost an HTTP request
	 * carries without the starter.
	 * @return the stopped observation
	 */
	@Benchmark
	public Observation observationWithoutHandler() {
		return observe(this.timerOnly);
	}

	/**
	 * The same observation with the handler too.
	 * @return the stopped observation
	 */
	@Benchmark
	public Observation observationWithHandler() {
		return observe(this.timerAndHandler);
	}

	/**
	 * The same observation with the bare clock-read reference handler instead of ours.
	 * @return the stopped observation
	 */
	@Benchmark
	public Observation observationWithBareClockHandler() {
		return observe(this.timerAndBareClock);
	}

	private static Observation observe(ObservationRegistry registry) {
		Observation observation = Observation.createNotStarted(NAME, Observation.Context::new, registry)
			.lowCardinalityKeyValues(HTTP_TAGS)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			return observation;
		}
		finally {
			observation.stop();
		}
	}

	private static ObservationRegistry observationRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(
					new DefaultMeterObservationHandler(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
		return registry;
	}

	/**
	 * One handler, its registry, and the context it observes, reused: the context is what
	 * the observed code creates, not the handler's cost.
	 */
	private static final class Measured {

		private final ResourceUsageObservationHandler handler;

		private final MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

		private final Observation.Context context = new Observation.Context();

		Measured(ResourceUsageService service, Set<ObservedCounter> counters) {
			this.handler = newHandler(service, this.registry, counters);
			this.context.setName(NAME);
			this.context.addLowCardinalityKeyValues(HTTP_TAGS);
			observe();
			if (this.registry.find(ResourceUsageObservationHandler.SKIPPED).counter() != null
					|| this.registry.get(NAME + ".cpu.time").summary().count() != 1) {
				throw new IllegalStateException("The handler did not measure an observation here: " + recorded());
			}
		}

		Observation.Context observe() {
			this.handler.onStart(this.context);
			this.handler.onScopeOpened(this.context);
			this.handler.onScopeClosed(this.context);
			this.handler.map(this.context);
			this.handler.onStop(this.context);
			return this.context;
		}

		String recorded() {
			long measured = this.registry.find(NAME + ".cpu.time")
				.summaries()
				.stream()
				.mapToLong(DistributionSummary::count)
				.sum();
			List<String> skipped = this.registry.find(ResourceUsageObservationHandler.SKIPPED)
				.counters()
				.stream()
				.map((counter) -> counter.getId().getTag("reason") + "=" + counter.count())
				.toList();
			return measured + " observations measured, " + this.registry.getMeters().size() + " meters, skipped "
					+ skipped;
		}

	}

}
