package dev.rusage.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.ResourceUsageService;
import dev.rusage.platform.PlatformResourceUsageService;

import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link ResourceUsageMetrics} exported through Micrometer's OTLP registry, set
 * up as Spring Boot 4's OpenTelemetry starter does (cumulative temporality), to an
 * OTLP/HTTP receiver on a loopback port that decodes each export with OpenTelemetry's own
 * protobuf classes. A per-request {@link DistributionSummary} of each convention is
 * exported beside them, named and tagged as the observation handler records it, to show
 * how it arrives. What the receiver decoded is printed, one line per data point.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ResourceUsageMetricsOtlpTests {

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	private final BlockingQueue<ExportMetricsServiceRequest> exports = new LinkedBlockingQueue<>();

	private HttpServer receiver;

	private ExportingRegistry registry;

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/v1/metrics", this::receive);
		this.receiver.start();
		String url = "http://" + this.receiver.getAddress().getHostString() + ":" + this.receiver.getAddress().getPort()
				+ "/v1/metrics";
		Map<String, String> properties = Map.of("otlp.url", url, "otlp.step", "1h", "otlp.resourceAttributes",
				"service.name=rusage-otlp-test");
		OtlpConfig config = properties::get;
		assertThat(config.aggregationTemporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
		this.registry = new ExportingRegistry(config);
	}

	@AfterEach
	void stopReceiver() {
		this.registry.close();
		this.receiver.stop(0);
	}

	@Test
	void micrometerNamesArriveAsMonotonicCumulativeSumsWithOurUnitsAndTags() {
		new ResourceUsageMetrics(this.service, MeterConvention.MICROMETER).bindTo(this.registry);
		DistributionSummary perRequest = perRequestSummary("http.server.requests.cpu.time", Tags.of("method", "GET",
				"uri", "/burn", "status", "200", "outcome", "SUCCESS", "exception", "none", "error", "none"));
		perRequest.record(0.103);
		perRequest.record(0.051);
		Map<String, Metric> first = export();
		print(MeterConvention.MICROMETER, first);
		assertMonotonicCumulativeSum(first.get("process.rusage.cpu.time"), "seconds",
				Map.of("who", "self", "mode", "user"), Map.of("who", "self", "mode", "system"),
				Map.of("who", "children", "mode", "user"), Map.of("who", "children", "mode", "system"));
		assertMonotonicCumulativeSum(first.get("process.rusage.page.faults"), "faults",
				Map.of("who", "self", "type", "minor"), Map.of("who", "self", "type", "major"),
				Map.of("who", "children", "type", "minor"), Map.of("who", "children", "type", "major"));
		assertMonotonicCumulativeSum(first.get("process.rusage.context.switches"), "switches",
				Map.of("who", "self", "type", "voluntary"), Map.of("who", "self", "type", "involuntary"),
				Map.of("who", "children", "type", "voluntary"), Map.of("who", "children", "type", "involuntary"));
		assertMonotonicCumulativeSum(first.get("process.rusage.block.operations"), "operations",
				Map.of("who", "self", "direction", "in"), Map.of("who", "self", "direction", "out"),
				Map.of("who", "children", "direction", "in"), Map.of("who", "children", "direction", "out"));
		assertGauge(first.get("process.rusage.max.rss"), "bytes", Map.of("who", "self"), Map.of("who", "children"));
		assertThat(value(first.get("process.rusage.cpu.time"), Map.of("who", "self", "mode", "user"))).isPositive();
		assertCumulativeHistogram(first.get("http.server.requests.cpu.time"), Map.of("method", "GET", "uri", "/burn",
				"status", "200", "outcome", "SUCCESS", "exception", "none", "error", "none"), 2, 0.154);
		assertThat(first).doesNotContainKeys("process.cpu.time", "process.context_switches", "process.paging.faults",
				"process.disk.operations");
		assertLaterExportKeepsStartTimesAndDoesNotDecrease(first, "process.rusage.cpu.time");
	}

	@Test
	void openTelemetryNamesArriveAsMonotonicCumulativeSumsWithTheConventionsAttributes() {
		new ResourceUsageMetrics(this.service, MeterConvention.OPEN_TELEMETRY).bindTo(this.registry);
		DistributionSummary perRequest = perRequestSummary("http.server.request.cpu.time",
				Tags.of("http.request.method", "GET", "http.route", "/burn", "http.response.status_code", "200",
						"url.scheme", "http", "error.type", "none", "outcome", "SUCCESS", "error", "none"));
		perRequest.record(0.103);
		perRequest.record(0.051);
		Map<String, Metric> first = export();
		print(MeterConvention.OPEN_TELEMETRY, first);
		assertMonotonicCumulativeSum(first.get("process.cpu.time"), "seconds", Map.of("cpu.mode", "user"),
				Map.of("cpu.mode", "system"));
		assertMonotonicCumulativeSum(first.get("process.paging.faults"), "faults",
				Map.of("system.paging.fault.type", "minor"), Map.of("system.paging.fault.type", "major"));
		assertMonotonicCumulativeSum(first.get("process.context_switches"), "switches",
				Map.of("process.context_switch.type", "voluntary"),
				Map.of("process.context_switch.type", "involuntary"));
		assertMonotonicCumulativeSum(first.get("process.disk.operations"), "operations",
				Map.of("disk.io.direction", "read"), Map.of("disk.io.direction", "write"));
		assertMonotonicCumulativeSum(first.get("process.rusage.cpu.time"), "seconds",
				Map.of("who", "children", "mode", "user"), Map.of("who", "children", "mode", "system"));
		assertMonotonicCumulativeSum(first.get("process.rusage.page.faults"), "faults",
				Map.of("who", "children", "type", "minor"), Map.of("who", "children", "type", "major"));
		assertGauge(first.get("process.rusage.max.rss"), "bytes", Map.of("who", "self"), Map.of("who", "children"));
		assertThat(value(first.get("process.cpu.time"), Map.of("cpu.mode", "user"))).isPositive();
		assertCumulativeHistogram(first.get("http.server.request.cpu.time"),
				Map.of("http.request.method", "GET", "http.route", "/burn", "http.response.status_code", "200",
						"url.scheme", "http", "error.type", "none", "outcome", "SUCCESS", "error", "none"),
				2, 0.154);
		assertLaterExportKeepsStartTimesAndDoesNotDecrease(first, "process.cpu.time");
	}

	private DistributionSummary perRequestSummary(String name, Tags tags) {
		return DistributionSummary.builder(name)
			.description("CPU time of each request")
			.baseUnit("seconds")
			.tags(tags)
			.register(this.registry);
	}

	private Map<String, Metric> export() {
		this.registry.export();
		ExportMetricsServiceRequest request = this.exports.poll();
		assertThat(request).as("an export reached the receiver").isNotNull();
		assertThat(request.getResourceMetricsList()).singleElement()
			.satisfies((resource) -> assertThat(attributes(resource.getResource().getAttributesList()))
				.containsEntry("service.name", "rusage-otlp-test"));
		Map<String, Metric> metrics = new TreeMap<>();
		request.getResourceMetricsList()
			.forEach((resource) -> resource.getScopeMetricsList()
				.forEach((scope) -> scope.getMetricsList().forEach((metric) -> metrics.put(metric.getName(), metric))));
		return metrics;
	}

	private void assertLaterExportKeepsStartTimesAndDoesNotDecrease(Map<String, Metric> first, String name) {
		Map<String, Metric> second = export();
		List<NumberDataPoint> before = first.get(name).getSum().getDataPointsList();
		List<NumberDataPoint> after = second.get(name).getSum().getDataPointsList();
		assertThat(after).hasSameSizeAs(before);
		for (NumberDataPoint point : before) {
			NumberDataPoint later = after.stream()
				.filter((candidate) -> candidate.getAttributesList().equals(point.getAttributesList()))
				.findFirst()
				.orElseThrow();
			assertThat(later.getStartTimeUnixNano()).isEqualTo(point.getStartTimeUnixNano());
			assertThat(later.getAsDouble()).isGreaterThanOrEqualTo(point.getAsDouble());
		}
	}

	@SafeVarargs
	private static void assertMonotonicCumulativeSum(Metric metric, String unit, Map<String, String>... attributes) {
		assertThat(metric).isNotNull();
		assertThat(metric.getDataCase()).isEqualTo(Metric.DataCase.SUM);
		assertThat(metric.getUnit()).isEqualTo(unit);
		assertThat(metric.getDescription()).isNotBlank();
		assertThat(metric.getSum().getIsMonotonic()).isTrue();
		assertThat(metric.getSum().getAggregationTemporality()).isEqualTo(AGGREGATION_TEMPORALITY_CUMULATIVE);
		assertThat(metric.getSum().getDataPointsList()).map((point) -> attributes(point.getAttributesList()))
			.containsExactlyInAnyOrder(attributes);
		assertThat(metric.getSum().getDataPointsList()).allSatisfy((point) -> {
			assertThat(point.getAsDouble()).isNotNegative();
			assertThat(point.getStartTimeUnixNano()).isPositive().isLessThanOrEqualTo(point.getTimeUnixNano());
		});
	}

	@SafeVarargs
	private static void assertGauge(Metric metric, String unit, Map<String, String>... attributes) {
		assertThat(metric).isNotNull();
		assertThat(metric.getDataCase()).isEqualTo(Metric.DataCase.GAUGE);
		assertThat(metric.getUnit()).isEqualTo(unit);
		assertThat(metric.getGauge().getDataPointsList()).map((point) -> attributes(point.getAttributesList()))
			.containsExactlyInAnyOrder(attributes);
	}

	private static void assertCumulativeHistogram(Metric metric, Map<String, String> attributes, long count,
			double sum) {
		assertThat(metric).isNotNull();
		assertThat(metric.getDataCase()).isEqualTo(Metric.DataCase.HISTOGRAM);
		assertThat(metric.getUnit()).isEqualTo("seconds");
		assertThat(metric.getHistogram().getAggregationTemporality()).isEqualTo(AGGREGATION_TEMPORALITY_CUMULATIVE);
		assertThat(metric.getHistogram().getDataPointsList()).singleElement().satisfies((point) -> {
			assertThat(attributes(point.getAttributesList())).isEqualTo(attributes);
			assertThat(point.getCount()).isEqualTo(count);
			assertThat(point.getSum()).isCloseTo(sum, within(1e-9));
		});
	}

	private static double value(Metric metric, Map<String, String> attributes) {
		List<NumberDataPoint> points = (metric.getDataCase() == Metric.DataCase.SUM)
				? metric.getSum().getDataPointsList() : metric.getGauge().getDataPointsList();
		return points.stream()
			.filter((point) -> attributes(point.getAttributesList()).equals(attributes))
			.findFirst()
			.orElseThrow()
			.getAsDouble();
	}

	private static Map<String, String> attributes(List<KeyValue> keyValues) {
		Map<String, String> attributes = new LinkedHashMap<>();
		keyValues.forEach((keyValue) -> attributes.put(keyValue.getKey(), keyValue.getValue().getStringValue()));
		return attributes;
	}

	private static void print(MeterConvention convention, Map<String, Metric> metrics) {
		List<String> lines = new ArrayList<>();
		lines.add("OTLP receiver, " + convention + " (name | unit | type | attributes | value):");
		metrics.values().forEach((metric) -> {
			switch (metric.getDataCase()) {
				case SUM -> metric.getSum()
					.getDataPointsList()
					.forEach((point) -> lines.add(line(metric,
							"Sum(monotonic=" + metric.getSum().getIsMonotonic() + ", "
									+ temporality(metric.getSum().getAggregationTemporality()) + ")",
							point.getAttributesList(), String.valueOf(point.getAsDouble()))));
				case GAUGE -> metric.getGauge()
					.getDataPointsList()
					.forEach((point) -> lines
						.add(line(metric, "Gauge", point.getAttributesList(), String.valueOf(point.getAsDouble()))));
				case HISTOGRAM -> metric.getHistogram()
					.getDataPointsList()
					.forEach((point) -> lines.add(line(metric,
							"Histogram(" + temporality(metric.getHistogram().getAggregationTemporality()) + ")",
							point.getAttributesList(), histogram(point))));
				default -> lines.add(metric.getName() + " | " + metric.getUnit() + " | " + metric.getDataCase());
			}
		});
		System.out.println(String.join(System.lineSeparator(), lines));
	}

	private static String line(Metric metric, String type, List<KeyValue> attributes, String value) {
		String tags = attributes(attributes).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.sorted()
			.collect(Collectors.joining(",", "{", "}"));
		return "  " + metric.getName() + " | " + metric.getUnit() + " | " + type + " | " + tags + " | " + value;
	}

	private static String histogram(HistogramDataPoint point) {
		return "count=" + point.getCount() + " sum=" + point.getSum() + (point.hasMax() ? " max=" + point.getMax() : "")
				+ " buckets=" + point.getExplicitBoundsCount();
	}

	private static String temporality(io.opentelemetry.proto.metrics.v1.AggregationTemporality temporality) {
		return (temporality == AGGREGATION_TEMPORALITY_CUMULATIVE) ? "cumulative" : temporality.name();
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
				body = (gzip ? new GZIPInputStream(in) : in).readAllBytes();
			}
			boolean valid = "POST".equals(exchange.getRequestMethod())
					&& "application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
			if (!valid) {
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			this.exports.add(ExportMetricsServiceRequest.parseFrom(body));
			byte[] response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			if (response.length == 0) {
				exchange.sendResponseHeaders(200, -1);
				return;
			}
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
		}
	}

	/**
	 * The OTLP registry with its push, which runs once per step, on demand.
	 */
	static final class ExportingRegistry extends OtlpMeterRegistry {

		ExportingRegistry(OtlpConfig config) {
			super(config, Clock.SYSTEM);
		}

		void export() {
			publish();
		}

	}

}
