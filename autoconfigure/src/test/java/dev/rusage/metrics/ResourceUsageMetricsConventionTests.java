package dev.rusage.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.PlatformResourceUsageService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the names {@link ResourceUsageMetrics} gives its meters under each
 * {@link MeterConvention}, and for their neighbours: Micrometer's own binders and OSHI's.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
@ExtendWith(OutputCaptureExtension.class)
class ResourceUsageMetricsConventionTests {

	private static final List<String> OPEN_TELEMETRY_SELF = List.of("process.cpu.time cpu.mode=user seconds",
			"process.cpu.time cpu.mode=system seconds", "process.paging.faults system.paging.fault.type=minor faults",
			"process.paging.faults system.paging.fault.type=major faults",
			"process.context_switches process.context_switch.type=voluntary switches",
			"process.context_switches process.context_switch.type=involuntary switches",
			"process.disk.operations disk.io.direction=read operations",
			"process.disk.operations disk.io.direction=write operations", "process.rusage.max.rss who=self bytes");

	private static final List<String> CHILDREN = List.of("process.rusage.cpu.time mode=user,who=children seconds",
			"process.rusage.cpu.time mode=system,who=children seconds", "process.rusage.max.rss who=children bytes",
			"process.rusage.page.faults type=minor,who=children faults",
			"process.rusage.page.faults type=major,who=children faults",
			"process.rusage.context.switches type=voluntary,who=children switches",
			"process.rusage.context.switches type=involuntary,who=children switches",
			"process.rusage.block.operations direction=in,who=children operations",
			"process.rusage.block.operations direction=out,who=children operations");

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	@Test
	void openTelemetryNamesTheSelfCountersByTheSemanticConventionsAndKeepsOursForTheRest() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ResourceUsageMetrics(this.service, MeterConvention.OPEN_TELEMETRY).bindTo(registry);
		List<String> expected = new ArrayList<>(OPEN_TELEMETRY_SELF);
		expected.addAll(CHILDREN);
		assertThat(registry.getMeters()).map(ResourceUsageMetricsConventionTests::describe)
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(registry.find(ResourceUsageMetrics.OTEL_CPU_TIME).meters())
			.allSatisfy((meter) -> assertThat(meter).isInstanceOf(FunctionCounter.class));
		assertThat(registry.find(ResourceUsageMetrics.CPU_TIME).tag("who", "self").meter()).isNull();
	}

	@Test
	void micrometerConventionIsTheDefaultAndHasNoOpenTelemetryName() {
		SimpleMeterRegistry byDefault = new SimpleMeterRegistry();
		new ResourceUsageMetrics(this.service).bindTo(byDefault);
		SimpleMeterRegistry micrometer = new SimpleMeterRegistry();
		new ResourceUsageMetrics(this.service, MeterConvention.MICROMETER).bindTo(micrometer);
		assertThat(byDefault.getMeters()).map(ResourceUsageMetricsConventionTests::describe)
			.containsExactlyInAnyOrderElementsOf(
					micrometer.getMeters().stream().map(ResourceUsageMetricsConventionTests::describe).toList())
			.hasSize(18)
			.allSatisfy((meter) -> assertThat(meter).startsWith("process.rusage.").contains("who="));
	}

	@Test
	void openTelemetryCountersReadTheSameSnapshotAsTheOthers() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ResourceUsageMetrics(this.service, MeterConvention.OPEN_TELEMETRY).bindTo(registry);
		ResourceUsage before = this.service.getrusage(Who.SELF);
		double user = registry.get("process.cpu.time").tag("cpu.mode", "user").functionCounter().count();
		double minor = registry.get("process.paging.faults")
			.tag("system.paging.fault.type", "minor")
			.functionCounter()
			.count();
		double voluntary = registry.get("process.context_switches")
			.tag("process.context_switch.type", "voluntary")
			.functionCounter()
			.count();
		double maxRss = registry.get("process.rusage.max.rss").tag("who", "self").gauge().value();
		ResourceUsage after = this.service.getrusage(Who.SELF);
		assertThat(user).isPositive().isBetween(before.userTimeSeconds(), after.userTimeSeconds());
		assertThat(minor).isPositive().isBetween((double) before.minorPageFaults(), (double) after.minorPageFaults());
		assertThat(voluntary).isBetween((double) before.voluntaryContextSwitches(),
				(double) after.voluntaryContextSwitches());
		assertThat(maxRss).isPositive();
	}

	@Test
	void openTelemetryPrometheusNamesAreThoseOfOpenTelemetrysPrometheusTranslation() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		new ResourceUsageMetrics(this.service, MeterConvention.OPEN_TELEMETRY).bindTo(registry);
		String scrape = registry.scrape();
		assertThat(series(scrape)).containsExactlyInAnyOrder("process_context_switches_total",
				"process_cpu_time_seconds_total", "process_disk_operations_total", "process_paging_faults_total",
				"process_rusage_block_operations_total", "process_rusage_context_switches_total",
				"process_rusage_cpu_time_seconds_total", "process_rusage_max_rss_bytes",
				"process_rusage_page_faults_total");
		assertThat(scrape).contains("# TYPE process_cpu_time_seconds_total counter",
				"process_cpu_time_seconds_total{cpu_mode=\"user\"} ",
				"process_cpu_time_seconds_total{cpu_mode=\"system\"} ",
				"process_context_switches_total{process_context_switch_type=\"voluntary\"} ",
				"process_context_switches_total{process_context_switch_type=\"involuntary\"} ",
				"process_paging_faults_total{system_paging_fault_type=\"minor\"} ",
				"process_paging_faults_total{system_paging_fault_type=\"major\"} ",
				"process_disk_operations_total{disk_io_direction=\"read\"} ",
				"process_disk_operations_total{disk_io_direction=\"write\"} ",
				"process_rusage_max_rss_bytes{who=\"self\"} ", "process_rusage_max_rss_bytes{who=\"children\"} ",
				"process_rusage_cpu_time_seconds_total{mode=\"user\",who=\"children\"} ");
	}

	@ParameterizedTest
	@EnumSource(MeterConvention.class)
	void micrometersOwnBindersAndOursAreAllScrapedWithNoMeterDropped(MeterConvention convention) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		List<String> failures = new ArrayList<>();
		registry.config().onMeterRegistrationFailed((id, reason) -> failures.add(id + ": " + reason));
		// Boot's SystemMetricsAutoConfiguration and JvmMetricsAutoConfiguration bind
		// these
		// before ours, which comes after them
		List<MeterBinder> binders = List.of(new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics(),
				new JvmMemoryMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
				new ResourceUsageMetrics(this.service, convention));
		binders.forEach((binder) -> binder.bindTo(registry));
		try (JvmGcMetrics gc = new JvmGcMetrics()) {
			gc.bindTo(registry);
			String scrape = registry.scrape();
			assertThat(failures).isEmpty();
			assertThat(scrape).contains("process_cpu_usage ", "process_uptime_seconds ", "jvm_memory_used_bytes{",
					"jvm_threads_live_threads ",
					"process_rusage_cpu_time_seconds_total{mode=\"user\",who=\"children\"} ");
			// Micrometer's ProcessorMetrics of Micrometer's convention keeps its name:
			// ours
			// leaves it alone under either convention
			assertThat(registry.get("process.cpu.time").meters()).singleElement()
				.satisfies((meter) -> assertThat(meter.getId().getBaseUnit()).isEqualTo("ns"));
			assertThat(scrape).contains("process_cpu_time_ns_total ").doesNotContain("process_cpu_time_seconds");
		}
	}

	@Test
	void theScrapeCheckSeesAMeterThatPrometheusDrops() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		List<String> failures = new ArrayList<>();
		registry.config().onMeterRegistrationFailed((id, reason) -> failures.add(id + ": " + reason));
		Counter.builder("process.context_switches").tag("process.context_switch.type", "total").register(registry);
		Counter.builder("process.context_switches").tag("who", "self").register(registry);
		registry.scrape();
		assertThat(failures).hasSize(1);
	}

	@Test
	void openTelemetryNamesThatOshiRegisteredFirstAreLeftToOshiWithOneLogLine(CapturedOutput output) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		List<String> failures = new ArrayList<>();
		registry.config().onMeterRegistrationFailed((id, reason) -> failures.add(id + ": " + reason));
		new OshiProcessMeters(() -> this.service.getrusage(Who.SELF)).bindTo(registry);
		new ResourceUsageMetrics(this.service, MeterConvention.OPEN_TELEMETRY).bindTo(registry);
		String scrape = registry.scrape();
		assertThat(failures).isEmpty();
		assertThat(registry.get("process.cpu.time").meters()).hasSize(2)
			.allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).isEqualTo("s"));
		assertThat(registry.get("process.paging.faults").meters()).hasSize(2)
			.allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).isEqualTo("{fault}"));
		assertThat(registry.get("process.context_switches").meters()).singleElement()
			.satisfies((meter) -> assertThat(meter.getId().getTag("process.context_switch.type")).isEqualTo("total"));
		assertThat(registry.get("process.disk.operations").meters()).hasSize(2)
			.allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).isEqualTo("operations"));
		assertThat(scrape).contains("process_disk_operations_total{disk_io_direction=\"read\"} ")
			.doesNotContain("process_cpu_time_seconds");
		assertThat(output).containsOnlyOnce(
				"Meters named [process.context_switches, process.cpu.time, process.paging.faults] were registered already");
	}

	@Test
	void oshiBoundAfterOursGetsOursForTheSameSeriesAndNothingIsDropped() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		List<String> failures = new ArrayList<>();
		registry.config().onMeterRegistrationFailed((id, reason) -> failures.add(id + ": " + reason));
		new ResourceUsageMetrics(this.service, MeterConvention.OPEN_TELEMETRY).bindTo(registry);
		new OshiProcessMeters(() -> this.service.getrusage(Who.SELF)).bindTo(registry);
		registry.scrape();
		assertThat(failures).isEmpty();
		assertThat(registry.get("process.cpu.time").meters()).hasSize(2)
			.allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).isEqualTo("seconds"));
		assertThat(registry.get("process.paging.faults").meters()).hasSize(2)
			.allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).isEqualTo("faults"));
	}

	@Test
	void micrometersProcessCpuTimeRegisteredFirstKeepsItsNameUnderOpenTelemetryNames(CapturedOutput output) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ProcessorMetrics().bindTo(registry);
		new ResourceUsageMetrics(this.service, MeterConvention.OPEN_TELEMETRY).bindTo(registry);
		assertThat(registry.get("process.cpu.time").meters()).singleElement()
			.satisfies((meter) -> assertThat(meter.getId().getTags()).isEmpty());
		assertThat(registry.get("process.context_switches").meters()).hasSize(2);
		assertThat(output).containsOnlyOnce("Meters named [process.cpu.time] were registered already");
	}

	private static Set<String> series(String scrape) {
		return scrape.lines()
			.filter((line) -> !line.startsWith("#"))
			.map((line) -> line.split("[{ ]")[0])
			.collect(Collectors.toSet());
	}

	private static String describe(Meter meter) {
		String tags = meter.getId()
			.getTags()
			.stream()
			.map((tag) -> tag.getKey() + "=" + tag.getValue())
			.collect(Collectors.joining(","));
		return meter.getId().getName() + " " + tags + " " + meter.getId().getBaseUnit();
	}

	/**
	 * The process meters of OSHI's {@code oshi-metrics}
	 * ({@code oshi.metrics.ProcessMetrics} of OSHI 7.4: names, tags and units as it
	 * registers them), which is not on Maven Central: here they read the same usage.
	 */
	static final class OshiProcessMeters implements MeterBinder {

		private final Supplier<ResourceUsage> usage;

		OshiProcessMeters(Supplier<ResourceUsage> usage) {
			this.usage = usage;
		}

		@Override
		public void bindTo(MeterRegistry registry) {
			Supplier<ResourceUsage> usage = this.usage;
			FunctionCounter.builder("process.cpu.time", usage, (u) -> u.get().userTimeSeconds())
				.tag("cpu.mode", "user")
				.baseUnit("s")
				.register(registry);
			FunctionCounter.builder("process.cpu.time", usage, (u) -> u.get().systemTimeSeconds())
				.tag("cpu.mode", "system")
				.baseUnit("s")
				.register(registry);
			Gauge.builder("process.memory.usage", usage, (u) -> u.get().maxResidentSetSizeBytes())
				.baseUnit("By")
				.strongReference(true)
				.register(registry);
			FunctionCounter.builder("process.paging.faults", usage, (u) -> u.get().minorPageFaults())
				.tag("system.paging.fault.type", "minor")
				.baseUnit("{fault}")
				.register(registry);
			FunctionCounter.builder("process.paging.faults", usage, (u) -> u.get().majorPageFaults())
				.tag("system.paging.fault.type", "major")
				.baseUnit("{fault}")
				.register(registry);
			FunctionCounter
				.builder("process.context_switches", usage,
						(u) -> u.get().voluntaryContextSwitches() + u.get().involuntaryContextSwitches())
				.tag("process.context_switch.type", "total")
				.baseUnit("{context_switch}")
				.register(registry);
		}

	}

}
