package dev.rusage.compat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.rusage.compat.CompatClient.RequestMeters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application under OpenTelemetry's semantic conventions
 * ({@code management.observations.conventions=open-telemetry}, Boot 4.2+): each request
 * is measured under a name in OpenTelemetry's style with the labels of its
 * {@code http.server.request.duration} timer, and the process meters take OpenTelemetry's
 * names where a convention exists.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.prometheus.metrics.export.enabled=true",
				"management.observations.conventions=open-telemetry" })
@EnabledOnOs(OS.LINUX)
@EnabledIf("bootHasSemanticConventions")
class CompatOpenTelemetryConventionsTests {

	@Value("${local.server.port}")
	private int port;

	static boolean bootHasSemanticConventions() {
		String[] version = SpringBootVersion.getVersion().split("\\.");
		int major = Integer.parseInt(version[0]);
		return major > 4 || (major == 4 && Integer.parseInt(version[1]) >= 2);
	}

	@Test
	void eachRequestShouldCostTheCpuTimeItsThreadBurnedUnderAnOpenTelemetryName() throws Exception {
		new CompatClient(this.port).assertBurnsRecorded(RequestMeters.OPEN_TELEMETRY, "open-telemetry");
	}

	@Test
	void cpuTimeOfEachRequestShouldCarryExactlyTheLabelsOfItsDurationTimer() throws Exception {
		CompatClient client = new CompatClient(this.port);
		client.burn();
		assertThat(client.assertLabelsOfTimer(RequestMeters.OPEN_TELEMETRY, "/burn"))
			.allSatisfy((series) -> assertThat(series.labels()).containsKeys("http_request_method",
					"http_response_status_code", "url_scheme", "error_type", "outcome", "error"));
	}

	@Test
	void processMetersShouldTakeOpenTelemetryNames() throws Exception {
		String scrape = new CompatClient(this.port).scrape();
		scrape.lines()
			.filter((line) -> line.startsWith("process_") && !line.startsWith("process_files")
					&& !line.startsWith("process_start") && !line.startsWith("process_uptime"))
			.forEach((line) -> System.out.printf("compat-series [open-telemetry] %s%n", line));
		assertOneSeries(scrape, "process_cpu_time_seconds_total", "cpu_mode", "user", "system");
		assertOneSeries(scrape, "process_context_switches_total", "process_context_switch_type", "voluntary",
				"involuntary");
		assertOneSeries(scrape, "process_paging_faults_total", "system_paging_fault_type", "minor", "major");
		assertOneSeries(scrape, "process_disk_operations_total", "disk_io_direction", "read", "write");
		for (String name : List.of("process_rusage_cpu_time_seconds_total", "process_rusage_context_switches_total",
				"process_rusage_page_faults_total", "process_rusage_block_operations_total")) {
			assertThat(Series.of(scrape, name, "who", "self")).as("%s{who=\"self\"} in the scrape", name).isEmpty();
		}
	}

	@Test
	void peakResidentSetSizeShouldKeepItsNameWithoutAConvention() throws Exception {
		String scrape = new CompatClient(this.port).scrape();
		assertThat(Series.of(scrape, "process_rusage_max_rss_bytes", null, null))
			.as("process_rusage_max_rss_bytes in the scrape")
			.isNotEmpty();
	}

	private static void assertOneSeries(String scrape, String name, String label, String... values) {
		for (String value : values) {
			assertThat(Series.of(scrape, name, label, value)).as("%s{%s=\"%s\"} in the scrape", name, label, value)
				.hasSize(1);
		}
	}

}
