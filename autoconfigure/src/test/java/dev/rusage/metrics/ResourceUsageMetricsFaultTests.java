package dev.rusage.metrics;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link ResourceUsageMetrics} with a scripted service, for what the kernel
 * cannot be made to do on demand: reads slower than the time to live, values that
 * decrease or are impossible, and reads that fail and recover. Time is the registry's
 * {@link MockClock}, which a slow read advances.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResourceUsageMetricsFaultTests {

	private static final Duration SLOW_READ = Duration.ofMillis(600);

	private static final Duration LATER = Duration.ofSeconds(10);

	private final MockClock clock = new MockClock();

	private final ScriptedService service = new ScriptedService();

	@Test
	void aScrapeReadsEachWhoOnceEvenWhenAReadOutlastsTheTimeToLive() {
		PrometheusMeterRegistry registry = prometheus();
		new ResourceUsageMetrics(this.service).bindTo(registry);
		this.service.duringRead = () -> this.clock.add(SLOW_READ);
		String scrape = registry.scrape();
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 1), entry(Who.CHILDREN, 1));
		assertThat(scrape).contains("process_rusage_page_faults_total{type=\"minor\",who=\"self\"} 1.0");
		assertThat(registry.scrape()).isEqualTo(scrape);
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 1), entry(Who.CHILDREN, 1));
		this.clock.add(LATER);
		registry.scrape();
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 2), entry(Who.CHILDREN, 2));
	}

	@Test
	void concurrentScrapesWaitForTheReadInFlightAndShareIt() throws InterruptedException {
		PrometheusMeterRegistry registry = prometheus();
		new ResourceUsageMetrics(this.service).bindTo(registry);
		registry.scrape();
		this.clock.add(LATER);
		this.service.reads.clear();
		List<Thread> scrapers = new ArrayList<>();
		List<String> scrapes = new CopyOnWriteArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 4; i++) {
			scrapers.add(new Thread(() -> {
				try {
					scrapes.add(registry.scrape());
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			}, "scraper-" + i));
		}
		this.service.duringRead = () -> {
			awaitEveryOtherScraperWaiting(scrapers);
			this.clock.add(SLOW_READ);
		};
		scrapers.forEach(Thread::start);
		for (Thread scraper : scrapers) {
			scraper.join();
		}
		assertThat(failures).isEmpty();
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 1), entry(Who.CHILDREN, 1));
		assertThat(scrapes).hasSize(4).containsOnly(scrapes.get(0));
	}

	@Test
	void countersNeverDecreaseAndImpossibleValuesAreNaN() {
		SimpleMeterRegistry registry = simple();
		new ResourceUsageMetrics(this.service).bindTo(registry);
		this.service.script(Who.SELF, 100, 90, -5, 80, 120);
		FunctionCounter minor = registry.get(ResourceUsageMetrics.PAGE_FAULTS)
			.tags("who", "self", "type", "minor")
			.functionCounter();
		FunctionCounter cpu = registry.get(ResourceUsageMetrics.CPU_TIME)
			.tags("who", "self", "mode", "user")
			.functionCounter();
		Gauge maxRss = registry.get(ResourceUsageMetrics.MAX_RSS).tag("who", "self").gauge();
		List<Double> minorFaults = new ArrayList<>();
		List<Double> cpuSeconds = new ArrayList<>();
		List<Double> maxRssBytes = new ArrayList<>();
		for (int read = 0; read < 5; read++) {
			minorFaults.add(minor.count());
			cpuSeconds.add(cpu.count());
			maxRssBytes.add(maxRss.value());
			this.clock.add(LATER);
		}
		assertThat(minorFaults).containsExactly(100.0, 100.0, Double.NaN, 100.0, 120.0);
		assertThat(cpuSeconds).containsExactly(0.1, 0.1, Double.NaN, 0.1, 0.12);
		assertThat(maxRssBytes).containsExactly(100.0 * 1024, 90.0 * 1024, Double.NaN, 80.0 * 1024, 120.0 * 1024);
		assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(value(meter)).isNotNegative());
	}

	@Test
	void eachCounterKeepsItsOwnHighestValue() {
		SimpleMeterRegistry registry = simple();
		new ResourceUsageMetrics(this.service).bindTo(registry);
		this.service.script(Who.CHILDREN, 50, 40);
		FunctionCounter selfMinor = registry.get(ResourceUsageMetrics.PAGE_FAULTS)
			.tags("who", "self", "type", "minor")
			.functionCounter();
		FunctionCounter childrenMinor = registry.get(ResourceUsageMetrics.PAGE_FAULTS)
			.tags("who", "children", "type", "minor")
			.functionCounter();
		FunctionCounter childrenMajor = registry.get(ResourceUsageMetrics.PAGE_FAULTS)
			.tags("who", "children", "type", "major")
			.functionCounter();
		assertThat(childrenMinor.count()).isEqualTo(50);
		this.clock.add(LATER);
		assertThat(childrenMajor.count()).isEqualTo(40);
		assertThat(childrenMinor.count()).isEqualTo(50);
		assertThat(selfMinor.count()).isEqualTo(1);
	}

	@Test
	void aPrometheusScrapeAnswersWhenValuesAreNegativeOrReadsFail() {
		PrometheusMeterRegistry registry = prometheus();
		new ResourceUsageMetrics(this.service).bindTo(registry);
		this.service.script(Who.SELF, -7_700_000_000_000L);
		assertThat(registry.scrape()).contains("process_rusage_cpu_time_seconds_total{mode=\"user\",who=\"self\"} NaN")
			.contains("process_rusage_page_faults_total{type=\"minor\",who=\"children\"} 1.0");
		this.clock.add(LATER);
		this.service.usage = (who) -> {
			throw new IllegalStateException("getrusage failed: EFAULT");
		};
		assertThat(registry.scrape()).contains("process_rusage_cpu_time_seconds_total{mode=\"user\",who=\"self\"} NaN")
			.contains("process_rusage_page_faults_total{type=\"minor\",who=\"children\"} NaN")
			.contains("process_rusage_max_rss_bytes{who=\"children\"} NaN");
	}

	@Test
	void logsOneWarningWhenReadsOfAWhoStartFailingAndOneLineWhenTheyRecover(CapturedOutput output) {
		SimpleMeterRegistry registry = simple();
		new ResourceUsageMetrics(this.service).bindTo(registry);
		readEveryMeterLater(registry, 3);
		assertThat(output.getOut()).doesNotContain("who=");
		this.service.usage = (who) -> {
			if (who == Who.SELF) {
				throw new IllegalStateException("getrusage(RUSAGE_SELF) failed: EPERM");
			}
			return usage(who, 1);
		};
		readEveryMeterLater(registry, 3);
		assertThat(output.getOut().lines().filter((line) -> line.contains("who="))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN", "who=self", "getrusage(RUSAGE_SELF) failed: EPERM"));
		this.service.usage = (who) -> usage(who, 2);
		readEveryMeterLater(registry, 3);
		assertThat(output.getOut().lines().filter((line) -> line.contains("who="))).hasSize(2)
			.last()
			.satisfies((line) -> assertThat(line).contains("INFO", "who=self").doesNotContain("EPERM"));
	}

	@Test
	void theTimeToLiveIsMeasuredOnTheRegistrysClock() {
		SimpleMeterRegistry registry = simple();
		new ResourceUsageMetrics(this.service).bindTo(registry);
		readEveryMeter(registry);
		this.clock.add(Duration.ofMillis(499));
		readEveryMeter(registry);
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 1), entry(Who.CHILDREN, 1));
		this.clock.add(Duration.ofMillis(1));
		readEveryMeter(registry);
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 2), entry(Who.CHILDREN, 2));
	}

	@Test
	void theTimeToLiveIsAConstructorArgument() {
		SimpleMeterRegistry registry = simple();
		new ResourceUsageMetrics(this.service, List.of(), Duration.ofSeconds(5)).bindTo(registry);
		readEveryMeter(registry);
		this.clock.add(Duration.ofMillis(4999));
		readEveryMeter(registry);
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 1), entry(Who.CHILDREN, 1));
		this.clock.add(Duration.ofMillis(1));
		readEveryMeter(registry);
		assertThat(this.service.reads()).containsOnly(entry(Who.SELF, 2), entry(Who.CHILDREN, 2));
	}

	@Test
	void aTimeToLiveThatIsNotPositiveIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ResourceUsageMetrics(this.service, List.of(), Duration.ZERO))
			.withMessageContaining("snapshotTimeToLive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ResourceUsageMetrics(this.service, List.of(), Duration.ofMillis(-1)));
	}

	private SimpleMeterRegistry simple() {
		return new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);
	}

	private PrometheusMeterRegistry prometheus() {
		return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), this.clock);
	}

	private void readEveryMeterLater(MeterRegistry registry, int times) {
		for (int i = 0; i < times; i++) {
			this.clock.add(LATER);
			readEveryMeter(registry);
		}
	}

	private static void readEveryMeter(MeterRegistry registry) {
		registry.getMeters().forEach(ResourceUsageMetricsFaultTests::value);
	}

	private static double value(Meter meter) {
		return meter.measure().iterator().next().getValue();
	}

	/**
	 * Waits, in the read of one scraper, until every other scraper has finished, is
	 * reading too, or waits (for this read, or for a lock): so that the others are known
	 * to be waiting when this read completes. Gives up after a minute rather than hang
	 * the build.
	 * @param scrapers the scraping threads
	 */
	private void awaitEveryOtherScraperWaiting(List<Thread> scrapers) {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (System.nanoTime() < deadline && !scrapers.stream()
			.filter((scraper) -> scraper != Thread.currentThread())
			.allMatch((scraper) -> this.service.reading.contains(scraper) || switch (scraper.getState()) {
				case BLOCKED, WAITING, TERMINATED -> true;
				default -> false;
			})) {
			Thread.onSpinWait();
		}
	}

	/**
	 * A usage whose every counter, and the peak resident set size in KiB, is
	 * {@code value}; CPU times are {@code value} ms each.
	 * @param who the who
	 * @param value the value
	 * @return the usage
	 */
	static ResourceUsage usage(Who who, long value) {
		return new ResourceUsage(who, value * 1000, value * 1000, value, 0, 0, 0, value, value, 0, value, value, 0, 0,
				0, value, value, 1024);
	}

	/**
	 * A service that counts its reads per {@code who}, runs a hook inside each read, and
	 * answers from a script of values per {@code who} (the last one repeats), or from a
	 * function that may throw.
	 */
	static final class ScriptedService implements ResourceUsageService {

		final Map<Who, AtomicInteger> reads = new ConcurrentHashMap<>();

		final Set<Thread> reading = ConcurrentHashMap.newKeySet();

		private final Map<Who, Deque<Long>> scripts = new ConcurrentHashMap<>();

		volatile Runnable duringRead = () -> {
		};

		volatile Function<Who, ResourceUsage> usage = this::scripted;

		void script(Who who, long... values) {
			Deque<Long> script = new ArrayDeque<>();
			for (long value : values) {
				script.add(value);
			}
			this.scripts.put(who, script);
		}

		Map<Who, Integer> reads() {
			Map<Who, Integer> reads = new EnumMap<>(Who.class);
			this.reads.forEach((who, count) -> reads.put(who, count.get()));
			return reads;
		}

		@Override
		public ResourceUsage getrusage(Who who) {
			this.reads.computeIfAbsent(who, (key) -> new AtomicInteger()).incrementAndGet();
			this.reading.add(Thread.currentThread());
			try {
				this.duringRead.run();
				return this.usage.apply(who);
			}
			finally {
				this.reading.remove(Thread.currentThread());
			}
		}

		private ResourceUsage scripted(Who who) {
			Deque<Long> script = this.scripts.get(who);
			if (script == null) {
				return usage(who, 1);
			}
			synchronized (script) {
				return usage(who, (script.size() > 1) ? script.removeFirst() : script.getFirst());
			}
		}

		@Override
		public ResourceUsage getrusage(int who) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int getpagesize() {
			return 4096;
		}

	}

}
