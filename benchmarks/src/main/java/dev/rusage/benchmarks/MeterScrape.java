package dev.rusage.benchmarks;

import java.time.Duration;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import dev.rusage.metrics.ResourceUsageMetrics;

/**
 * One full Prometheus scrape of a registry that holds the rusage meters, through a
 * service that counts its {@code getrusage} calls. The registry's clock advances by one
 * second per {@link #scrape()}, so that every scrape reads a fresh snapshot (as scrapes
 * seconds apart do), while the meters within one scrape share it; {@link #cachedScrape()}
 * leaves the clock alone, so it measures formatting only.
 */
final class MeterScrape {

	private static final Duration SECOND = Duration.ofSeconds(1);

	private final CountingRusage service = new CountingRusage();

	private final MockClock clock = new MockClock();

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
			new PrometheusRegistry(), this.clock);

	private long scrapes;

	private long cachedScrapes;

	private long callsAtStart;

	MeterScrape() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		this.callsAtStart = this.service.calls();
	}

	/**
	 * A fresh scrape, as one seconds after the previous one is.
	 * @return the Prometheus text
	 */
	String scrape() {
		this.clock.add(SECOND);
		this.scrapes++;
		return this.registry.scrape();
	}

	/**
	 * A scrape served from the snapshot of the previous one: formatting only.
	 * @return the Prometheus text
	 */
	String cachedScrape() {
		this.cachedScrapes++;
		return this.registry.scrape();
	}

	/**
	 * Describes the {@code getrusage} calls per scrape since creation or the last
	 * {@link #resetCount()}.
	 * @return such as {@code getrusage calls per scrape = 2.0 (1000 scrapes)}
	 */
	String callsPerScrape() {
		long calls = this.service.calls() - this.callsAtStart;
		if (this.scrapes > 0) {
			return "getrusage calls per scrape = " + calls / (double) this.scrapes + " (" + this.scrapes
					+ " fresh scrapes)";
		}
		return "getrusage calls in " + this.cachedScrapes + " cached scrapes = " + calls;
	}

	/** Starts counting again. */
	void resetCount() {
		this.scrapes = 0;
		this.cachedScrapes = 0;
		this.callsAtStart = this.service.calls();
	}

	/**
	 * Returns the number of rusage series in one scrape's text.
	 * @return lines starting with {@code process_rusage_}
	 */
	long rusageSeries() {
		return scrape().lines().filter((line) -> line.startsWith("process_rusage_")).count();
	}

}
