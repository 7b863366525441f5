package dev.rusage.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the sample jar on Java 25 with Boot's virtual threads on, so every request is
 * served by a virtual thread, and checks that the starter never breaks a request:
 * {@code thread} cannot be read there and says so with a 501, the rest of the endpoint
 * answers, {@code /digest} is computed and says why its cost is missing, no request's CPU
 * time is made up (every one is counted as skipped, reason {@code virtual-thread}), and
 * nothing is logged as an error. Skipped without a Java 25 unless the build names one
 * with {@code -Drusage.it.java25=...} (CI does), see {@link SampleProcess#java25Home()}.
 */
@EnabledOnOs(OS.LINUX)
class VirtualThreadsIT {

	private static final String REASON = "RUSAGE_THREAD cannot be read on a virtual thread";

	private static final int PINGS = 3;

	@TempDir
	Path temp;

	@Test
	void onVirtualThreadsThreadIsNotImplementedAndEverythingElseServes() throws Exception {
		Path java25 = SampleProcess.java25Home().orElse(null);
		assumeTrue(java25 != null, "no Java 25: set -Drusage.it.java25=<JDK> or JAVA25_HOME");
		try (SampleProcess sample = SampleProcess.jar(this.temp)
			.javaHome(java25)
			.applicationArguments("--spring.threads.virtual.enabled=true")
			.start()) {
			assertThat(sample.log()).contains("using Java 25");
			HttpResponse<String> thread = sample.get("/actuator/rusage/thread");
			System.out
				.println("VirtualThreadsIT /actuator/rusage/thread: " + thread.statusCode() + " " + thread.body());
			assertThat(thread.statusCode()).isEqualTo(501);
			assertThat(thread.headers().firstValue("Content-Type"))
				.hasValueSatisfying((contentType) -> assertThat(contentType).contains("json"));
			assertThat(thread.body())
				.startsWith("{\"status\":501,\"error\":\"Not Implemented\",\"message\":\"" + REASON);
			for (String path : List.of("/actuator/rusage", "/actuator/rusage/self", "/actuator/rusage/children",
					"/actuator/rusage/both")) {
				HttpResponse<String> rusage = sample.get(path);
				assertThat(rusage.statusCode()).as(path).isEqualTo(200);
				assertThat(rusage.body()).as(path).startsWith("{\"who\":");
			}
			HttpResponse<String> digest = sample.get("/digest?rounds=1000");
			System.out.println("VirtualThreadsIT /digest: " + digest.statusCode() + " " + digest.body());
			assertThat(digest.statusCode()).isEqualTo(200);
			assertThat(digest.body()).contains("\"sha256\":\"")
				.contains("\"measured\":false")
				.contains("\"unmeasured\":\"" + REASON)
				.doesNotContain("userCpuMicros");
			for (int i = 0; i < PINGS; i++) {
				HttpResponse<String> ping = sample.get("/ping");
				assertThat(ping.statusCode()).isEqualTo(200);
				assertThat(ping.body()).isEqualTo("pong");
			}
			// /actuator/rusage/thread, the four other rusage paths, /digest and the pings
			int requests = 1 + 4 + 1 + PINGS;
			HttpResponse<String> scrape = sample.get("/actuator/prometheus", "text/plain");
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			// an observation stops after its response is written: the last one may lag
			while (skipped(scrape, "virtual-thread") < requests && System.nanoTime() < deadline) {
				Thread.sleep(50);
				scrape = sample.get("/actuator/prometheus", "text/plain");
			}
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.body()).contains(
					"process_rusage_cpu_time_seconds_total{application=\"rusage-sample\",mode=\"user\",who=\"self\"}");
			List<String> observed = scrape.body()
				.lines()
				.filter((line) -> line.startsWith("http_server_requests_cpu_time")
						|| line.startsWith("rusage_observation"))
				.toList();
			System.out.println("VirtualThreadsIT /actuator/prometheus, after " + requests + " requests: " + observed);
			assertThat(scrape.body().lines().filter((line) -> line.startsWith("http_server_requests_cpu_time")))
				.as("no CPU time for requests served by virtual threads")
				.isEmpty();
			assertThat(skipped(scrape, "virtual-thread")).isGreaterThanOrEqualTo(requests);
			assertThat(scrape.body().lines().filter((line) -> line.startsWith("rusage_observation_skipped_total{")))
				.as("skipped for no other reason")
				.singleElement()
				.satisfies((line) -> assertThat(SamplePrometheusTests.parse(line).labels())
					.containsExactlyInAnyOrderEntriesOf(Map.of("application", "rusage-sample", "observation",
							"http.server.requests", "reason", "virtual-thread")));
			assertThat(sample.logLines(" ERROR ")).isEmpty();
			// one line, however many requests, says why none is measured and what to do
			assertThat(sample.logLines(" WARN ")).singleElement()
				.satisfies((line) -> assertThat(line).contains("ResourceUsageObservationHandler",
						"Observation 'http.server.requests' is not measured (virtual-thread)",
						"spring.threads.virtual.enabled=false"));
			assertThat(sample.logLines("Exception")).isEmpty();
		}
	}

	private static double skipped(HttpResponse<String> scrape, String reason) {
		return scrape.body()
			.lines()
			.filter((line) -> line.startsWith("rusage_observation_skipped_total{"))
			.map(SamplePrometheusTests::parse)
			.filter((sample) -> "http.server.requests".equals(sample.labels().get("observation"))
					&& reason.equals(sample.labels().get("reason")))
			.mapToDouble(SamplePrometheusTests.Sample::value)
			.sum();
	}

}
