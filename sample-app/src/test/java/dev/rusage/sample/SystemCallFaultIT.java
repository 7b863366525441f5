package dev.rusage.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the sample jar under {@code strace}, which makes every {@code getrusage} system
 * call of the JVM fail or answer success without writing the struct, as a seccomp filter
 * or a sandbox does, and checks that the starter never serves a made-up number and never
 * breaks the application: the endpoint answers 503 with the reason, a Prometheus scrape
 * keeps every other metric with the rusage meters NaN, the log has one warning per
 * {@code who} however often it is scraped, and {@code /digest} is still computed. The
 * JVM's own calls (G1 reads its threads' CPU time) are injected into too, from the first.
 * <p>
 * Tagged {@code strace} and left out of a plain {@code verify} (each test starts a
 * sample): {@code .ci/run} includes them ({@code -Drusage.it.excludedGroups=}) and
 * requires {@code strace} ({@code -Drusage.it.strace=required}); without that property
 * they are skipped where it is not installed.
 */
@Tag("strace")
@EnabledOnOs(OS.LINUX)
class SystemCallFaultIT {

	private static final Pattern RUSAGE_SERIES = Pattern.compile("^(process_rusage_\\w+\\{[^}]*\\}) (\\S+)$",
			Pattern.MULTILINE);

	private static final List<String> WHOS = List.of("", "/self", "/children", "/thread", "/both");

	@TempDir
	Path temp;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			retval=0     | it reported success but wrote impossible values (words -1, -1,
			error=EPERM  | [Errno 1] Operation not permitted
			error=EFAULT | [Errno 14] Bad address
			error=EINTR  | [Errno 4] Interrupted system call
			""")
	void whenEveryGetrusageFailsTheEndpointSays503AndTheAppServesOn(String fault, String reason) throws Exception {
		try (SampleProcess sample = startInjecting(fault)) {
			for (String who : WHOS) {
				String path = "/actuator/rusage" + who;
				HttpResponse<String> rusage = sample.get(path);
				System.out.println(
						"SystemCallFaultIT " + fault + " " + path + ": " + rusage.statusCode() + " " + rusage.body());
				assertThat(rusage.statusCode()).as(path).isEqualTo(503);
				assertThat(rusage.headers().firstValue("Content-Type"))
					.hasValueSatisfying((contentType) -> assertThat(contentType).contains("json"));
				String call = "getrusage(RUSAGE_"
						+ (who.equals("/children") ? "CHILDREN" : who.equals("/thread") ? "THREAD" : "SELF")
						+ ") failed: ";
				assertThat(rusage.body()).as(path)
					.startsWith("{\"status\":503,\"error\":\"Service Unavailable\",\"message\":\"" + call + reason);
			}
			for (int scrape = 1; scrape <= 3; scrape++) {
				// further apart than the meters' snapshot lives (500 ms), so each reads
				// again
				Thread.sleep(600);
				HttpResponse<String> prometheus = sample.get("/actuator/prometheus", "text/plain");
				assertThat(prometheus.statusCode()).as("scrape " + scrape).isEqualTo(200);
				assertThat(prometheus.body()).contains("jvm_memory_used_bytes{")
					.contains("http_server_requests_seconds_count{");
				List<String> series = rusageSeries(prometheus.body());
				if (scrape == 1) {
					System.out.println("SystemCallFaultIT " + fault + " scrape: " + series);
				}
				assertThat(series).allSatisfy((line) -> assertThat(line).endsWith(" NaN"));
			}
			HttpResponse<String> digest = sample.get("/digest?rounds=1000");
			System.out.println("SystemCallFaultIT " + fault + " /digest: " + digest.statusCode() + " " + digest.body());
			assertThat(digest.statusCode()).isEqualTo(200);
			assertThat(digest.body()).contains("\"sha256\":\"")
				.contains("\"measured\":false")
				.contains("\"unmeasured\":\"getrusage(RUSAGE_THREAD) failed: " + reason)
				.doesNotContain("userCpuMicros");
			assertThat(sample.get("/actuator/health").body()).contains("\"status\":\"UP\"");
			List<String> warnings = sample.logLines(" WARN ");
			System.out.println("SystemCallFaultIT " + fault + " WARN: " + warnings);
			assertThat(warnings).hasSize(2);
			for (String who : List.of("self", "children")) {
				assertThat(warnings).filteredOn((line) -> line.contains("who=" + who + ","))
					.singleElement()
					.satisfies((line) -> assertThat(line).contains("ResourceUsageMetrics")
						.contains("report NaN until a read succeeds")
						.contains(reason));
			}
			assertThat(sample.logLines(" ERROR ")).isEmpty();
			assertThat(sample.logLines("Exception")).isEmpty();
		}
	}

	@Test
	void whenGetrusageFailsForAWhileTheMetersWarnOnceAndSayWhenTheyRecover() throws Exception {
		// strace counts calls per thread: one Tomcat thread serves every request, and its
		// first two calls fail: the first scrape's self and children. The scrape's own
		// request observation reads only the thread's CPU clock, no getrusage
		try (SampleProcess sample = startInjecting("error=EPERM:when=1..2", "--server.tomcat.threads.max=1",
				"--server.tomcat.threads.min-spare=1")) {
			List<String> failed = rusageSeries(sample.get("/actuator/prometheus", "text/plain").body());
			assertThat(failed).isNotEmpty().allSatisfy((line) -> assertThat(line).endsWith(" NaN"));
			Thread.sleep(600);
			List<String> recovered = rusageSeries(sample.get("/actuator/prometheus", "text/plain").body());
			System.out.println("SystemCallFaultIT recovered scrape: " + recovered);
			assertThat(recovered).hasSameSizeAs(failed)
				.allSatisfy((line) -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).as(line)
					.isNotNaN()
					.isNotNegative());
			assertThat(sample.get("/actuator/rusage").statusCode()).isEqualTo(200);
			// the first scrape's request was measured all the same: its CPU time needs no
			// getrusage
			String scrape = sample.get("/actuator/prometheus", "text/plain").body();
			assertThat(scrape)
				.containsPattern(
						"http_server_requests_cpu_time_seconds_count\\{[^}]*uri=\"/actuator/prometheus\"[^}]*\\} [1-9]")
				.doesNotContain("rusage_observation_skipped_total{");
			List<String> changes = sample.logLines("d.rusage.metrics.ResourceUsageMetrics");
			System.out.println("SystemCallFaultIT recovery log: " + changes);
			assertThat(changes).hasSize(4);
			assertThat(changes.get(0)).contains(" WARN ", "who=self,", "[Errno 1] Operation not permitted");
			assertThat(changes.get(1)).contains(" WARN ", "who=children,", "[Errno 1] Operation not permitted");
			assertThat(changes.get(2)).contains(" INFO ", "who=self can be read again");
			assertThat(changes.get(3)).contains(" INFO ", "who=children can be read again");
		}
	}

	@Test
	void whenThePerRequestCountersReadsFailTheRequestIsCountedAsSkippedAndTheLogSaysSoOnceAndWhenTheyRecover()
			throws Exception {
		// with a counter on, each request reads RUSAGE_THREAD as its scope opens: the
		// first request's read is the one call that fails
		try (SampleProcess sample = startInjecting("error=EPERM:when=1", "--server.tomcat.threads.max=1",
				"--server.tomcat.threads.min-spare=1", "--rusage.observation.context-switches=true")) {
			assertThat(sample.get("/ping").statusCode()).isEqualTo(200);
			for (int i = 0; i < 3; i++) {
				assertThat(sample.get("/ping").statusCode()).isEqualTo(200);
			}
			String scrape = sample.get("/actuator/prometheus", "text/plain").body();
			assertThat(scrape).containsPattern(
					"rusage_observation_skipped_total\\{[^}]*observation=\"http.server.requests\",reason=\"read-failed\"[^}]*\\} 1.0")
				.containsPattern("http_server_requests_cpu_time_seconds_count\\{[^}]*uri=\"/ping\"[^}]*\\} 3(\\.0)?\n")
				.containsPattern(
						"http_server_requests_context_switches_count\\{[^}]*type=\"voluntary\",uri=\"/ping\"[^}]*\\} 3(\\.0)?\n");
			List<String> changes = sample.logLines("ResourceUsageObservationHandler");
			System.out.println("SystemCallFaultIT per-request log: " + changes);
			assertThat(changes).hasSize(3);
			assertThat(changes.get(0)).contains(" WARN ", "counters cannot be read, getrusage(RUSAGE_THREAD) failed",
					"[Errno 1] Operation not permitted", "observations are not measured while it fails");
			assertThat(changes.get(1)).contains(" WARN ",
					"Observation 'http.server.requests' is not measured (read-failed)");
			assertThat(changes.get(2)).contains(" INFO ", "getrusage(RUSAGE_THREAD) succeeds again");
		}
	}

	private SampleProcess startInjecting(String fault, String... applicationArguments) throws Exception {
		String strace = SampleProcess.strace().orElse(null);
		assumeTrue(strace != null, "no strace on the PATH (Debian: apt-get install strace)");
		return SampleProcess.jar(this.temp)
			.commandPrefix(strace, "-f", "--seccomp-bpf", "-qq", "-o", "/dev/null", "-e", "trace=getrusage", "-e",
					"inject=getrusage:" + fault)
			.applicationArguments(applicationArguments)
			.start();
	}

	private static List<String> rusageSeries(String scrape) {
		Matcher matcher = RUSAGE_SERIES.matcher(scrape);
		List<String> series = new ArrayList<>();
		while (matcher.find()) {
			series.add(matcher.group());
		}
		return series;
	}

}
