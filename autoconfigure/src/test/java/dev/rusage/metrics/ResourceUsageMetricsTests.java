package dev.rusage.metrics;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.ResourceUsage;
import dev.rusage.GetrusageFailedException;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.CountingBinding;
import dev.rusage.platform.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link ResourceUsageMetrics}.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ResourceUsageMetricsTests {

	private static final List<String> SERIES = List.of("process.rusage.cpu.time mode=user",
			"process.rusage.cpu.time mode=system", "process.rusage.max.rss", "process.rusage.page.faults type=minor",
			"process.rusage.page.faults type=major", "process.rusage.context.switches type=voluntary",
			"process.rusage.context.switches type=involuntary", "process.rusage.block.operations direction=in",
			"process.rusage.block.operations direction=out");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final CountingBinding binding = new CountingBinding();

	private final RecordingService service = new RecordingService(TestServices.through(this.binding));

	@Test
	void bindToRegistersEveryMaintainedSeriesForSelfAndChildren() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		assertThat(this.registry.getMeters()).hasSize(2 * SERIES.size());
		for (String who : List.of("self", "children")) {
			for (String series : SERIES) {
				String[] parts = series.split("[ =]");
				Tags tags = Tags.of("who", who);
				if (parts.length == 3) {
					tags = tags.and(parts[1], parts[2]);
				}
				assertThat(this.registry.find(parts[0]).tags(tags).meter()).as(series + " who=" + who).isNotNull();
			}
		}
	}

	@Test
	void bindToGivesEveryMeterADescriptionAndBaseUnit() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> {
			assertThat(meter.getId().getDescription()).isNotBlank();
			assertThat(meter.getId().getBaseUnit()).isNotBlank();
		});
		assertThat(this.registry.get(ResourceUsageMetrics.CPU_TIME).meter().getId().getBaseUnit()).isEqualTo("seconds");
		assertThat(this.registry.get(ResourceUsageMetrics.MAX_RSS).meter().getId().getBaseUnit()).isEqualTo("bytes");
	}

	@Test
	void bindToUsesFunctionCountersForTotalsAndAGaugeForThePeak() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		assertThat(this.registry.get(ResourceUsageMetrics.MAX_RSS).gauges()).hasSize(2);
		assertThat(this.registry.getMeters()).filteredOn((meter) -> !(meter instanceof Gauge))
			.hasSize(2 * SERIES.size() - 2)
			.allSatisfy((meter) -> assertThat(meter).isInstanceOf(FunctionCounter.class));
	}

	@Test
	void bindToAddsCommonTags() {
		new ResourceUsageMetrics(this.service, Tags.of("app", "test")).bindTo(this.registry);
		assertThat(this.registry.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("app")).isEqualTo("test"));
	}

	@Test
	void bindToDoesNotRegisterMicrometersProcessCpuTime() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		assertThat(this.registry.find("process.cpu.time").meter()).isNull();
	}

	@Test
	void selfValuesMatchADirectReadOfTheService() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		ResourceUsage before = this.service.getrusage(Who.SELF);
		double user = counter(ResourceUsageMetrics.CPU_TIME, "self", "mode", "user");
		double system = counter(ResourceUsageMetrics.CPU_TIME, "self", "mode", "system");
		double maxRss = this.registry.get(ResourceUsageMetrics.MAX_RSS).tag("who", "self").gauge().value();
		double minor = counter(ResourceUsageMetrics.PAGE_FAULTS, "self", "type", "minor");
		double major = counter(ResourceUsageMetrics.PAGE_FAULTS, "self", "type", "major");
		double voluntary = counter(ResourceUsageMetrics.CONTEXT_SWITCHES, "self", "type", "voluntary");
		double involuntary = counter(ResourceUsageMetrics.CONTEXT_SWITCHES, "self", "type", "involuntary");
		double in = counter(ResourceUsageMetrics.BLOCK_OPERATIONS, "self", "direction", "in");
		double out = counter(ResourceUsageMetrics.BLOCK_OPERATIONS, "self", "direction", "out");
		ResourceUsage after = this.service.getrusage(Who.SELF);
		assertThat(user).isBetween(before.userTimeSeconds(), after.userTimeSeconds());
		assertThat(system).isBetween(before.systemTimeSeconds(), after.systemTimeSeconds());
		assertThat(maxRss).isBetween((double) before.maxResidentSetSizeBytes(),
				(double) after.maxResidentSetSizeBytes());
		assertThat(minor).isBetween((double) before.minorPageFaults(), (double) after.minorPageFaults());
		assertThat(major).isBetween((double) before.majorPageFaults(), (double) after.majorPageFaults());
		assertThat(voluntary).isBetween((double) before.voluntaryContextSwitches(),
				(double) after.voluntaryContextSwitches());
		assertThat(involuntary).isBetween((double) before.involuntaryContextSwitches(),
				(double) after.involuntaryContextSwitches());
		assertThat(in).isBetween((double) before.blockInputOperations(), (double) after.blockInputOperations());
		assertThat(out).isBetween((double) before.blockOutputOperations(), (double) after.blockOutputOperations());
		assertThat(user + system).isPositive();
		assertThat(maxRss).isPositive();
		assertThat(minor).isPositive();
	}

	@Test
	void childrenValuesMatchADirectReadOfTheService() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		ResourceUsage children = this.service.getrusage(Who.CHILDREN);
		assertThat(counter(ResourceUsageMetrics.CPU_TIME, "children", "mode", "user"))
			.isEqualTo(children.userTimeSeconds(), within(1e-9));
		assertThat(counter(ResourceUsageMetrics.PAGE_FAULTS, "children", "type", "minor"))
			.isEqualTo(children.minorPageFaults());
		assertThat(this.registry.get(ResourceUsageMetrics.MAX_RSS).tag("who", "children").gauge().value())
			.isEqualTo(children.maxResidentSetSizeBytes());
	}

	@Test
	void oneScrapeMakesOneNativeCallPerWhoAndEveryMeterSeesTheSameSnapshot() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		int before = this.binding.calls();
		List<Double> first = scrape();
		assertThat(this.binding.calls() - before).isEqualTo(2);
		ResourceUsage snapshot = this.service.last.get(Who.SELF);
		assertThat(counter(ResourceUsageMetrics.CPU_TIME, "self", "mode", "user"))
			.isEqualTo(snapshot.userTimeSeconds());
		assertThat(counter(ResourceUsageMetrics.CPU_TIME, "self", "mode", "system"))
			.isEqualTo(snapshot.systemTimeSeconds());
		assertThat(counter(ResourceUsageMetrics.PAGE_FAULTS, "self", "type", "minor"))
			.isEqualTo(snapshot.minorPageFaults());
		assertThat(counter(ResourceUsageMetrics.CONTEXT_SWITCHES, "self", "type", "voluntary"))
			.isEqualTo(snapshot.voluntaryContextSwitches());
		assertThat(this.registry.get(ResourceUsageMetrics.MAX_RSS).tag("who", "self").gauge().value())
			.isEqualTo(snapshot.maxResidentSetSizeBytes());
		assertThat(scrape()).isEqualTo(first);
		assertThat(this.binding.calls() - before).isEqualTo(2);
	}

	@Test
	void aSnapshotOlderThanItsTimeToLiveIsReadAgain() {
		MockClock clock = new MockClock();
		SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		new ResourceUsageMetrics(this.service).bindTo(registry);
		int self = this.binding.calls(0);
		int children = this.binding.calls(-1);
		scrape(registry);
		clock.add(Duration.ofMillis(499));
		scrape(registry);
		assertThat(this.binding.calls(0) - self).isEqualTo(1);
		clock.add(Duration.ofMillis(1));
		scrape(registry);
		assertThat(this.binding.calls(0) - self).isEqualTo(2);
		assertThat(this.binding.calls(-1) - children).isEqualTo(2);
	}

	@Test
	void failedReadGivesNaNAndNoException() {
		ResourceUsageService failing = new FakeService(Set.of()) {

			@Override
			public ResourceUsage getrusage(Who who) {
				throw new GetrusageFailedException("getrusage(" + who + ")", 14, "Bad address");
			}

		};
		new ResourceUsageMetrics(failing).bindTo(this.registry);
		assertThat(this.registry.getMeters()).hasSize(2 * SERIES.size())
			.allSatisfy((meter) -> assertThat(value(meter)).isNaN());
	}

	@Test
	void unmaintainedFieldsGetNoMeter() {
		ResourceUsageService service = new FakeService(
				EnumSet.of(RusageField.MAJFLT, RusageField.NIVCSW, RusageField.INBLOCK, RusageField.MAXRSS));
		new ResourceUsageMetrics(service).bindTo(this.registry);
		assertThat(this.registry.find(ResourceUsageMetrics.PAGE_FAULTS).tag("type", "major").meter()).isNull();
		assertThat(this.registry.find(ResourceUsageMetrics.CONTEXT_SWITCHES).tag("type", "involuntary").meter())
			.isNull();
		assertThat(this.registry.find(ResourceUsageMetrics.BLOCK_OPERATIONS).tag("direction", "in").meter()).isNull();
		assertThat(this.registry.find(ResourceUsageMetrics.MAX_RSS).meter()).isNull();
		assertThat(this.registry.find(ResourceUsageMetrics.PAGE_FAULTS).tag("type", "minor").meters()).hasSize(2);
		assertThat(this.registry.getMeters()).hasSize(2 * (SERIES.size() - 4));
	}

	@Test
	void unavailableServiceRegistersNothing() {
		new ResourceUsageMetrics(new UnavailableResourceUsageService("no getrusage here")).bindTo(this.registry);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void metersKeepWorkingWhenTheBinderIsNoLongerReferenced() {
		new ResourceUsageMetrics(this.service).bindTo(this.registry);
		System.gc();
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(value(meter)).isNotNaN());
	}

	private double counter(String name, String who, String key, String value) {
		return this.registry.get(name).tag("who", who).tag(key, value).functionCounter().count();
	}

	private List<Double> scrape() {
		return scrape(this.registry);
	}

	private static List<Double> scrape(MeterRegistry registry) {
		return registry.getMeters().stream().map(ResourceUsageMetricsTests::value).toList();
	}

	private static double value(Meter meter) {
		return meter.measure().iterator().next().getValue();
	}

	/**
	 * A service that delegates and remembers the last snapshot it returned per
	 * {@code who}.
	 */
	static final class RecordingService implements ResourceUsageService {

		final Map<Who, ResourceUsage> last = new ConcurrentHashMap<>();

		private final ResourceUsageService delegate;

		RecordingService(ResourceUsageService delegate) {
			this.delegate = delegate;
		}

		@Override
		public ResourceUsage getrusage(Who who) {
			ResourceUsage usage = this.delegate.getrusage(who);
			this.last.put(who, usage);
			return usage;
		}

		@Override
		public ResourceUsage getrusage(int who) {
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

	}

	/**
	 * A service with fixed values and a chosen set of unmaintained fields.
	 */
	static class FakeService implements ResourceUsageService {

		private final Set<RusageField> unmaintained;

		FakeService(Set<RusageField> unmaintained) {
			this.unmaintained = unmaintained;
		}

		@Override
		public ResourceUsage getrusage(Who who) {
			return new ResourceUsage(who, 1_500_000, 250_000, 1000, 0, 0, 0, 10, 1, 0, 2, 3, 0, 0, 0, 4, 5, 1024);
		}

		@Override
		public ResourceUsage getrusage(int who) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int getpagesize() {
			return 4096;
		}

		@Override
		public Set<RusageField> unmaintainedFields() {
			return this.unmaintained;
		}

	}

}
