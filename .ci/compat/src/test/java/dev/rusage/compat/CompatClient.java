package dev.rusage.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * Talks to the application on its port with the JDK's HTTP client (the same on every Boot
 * line), and reads its Prometheus scrape.
 */
final class CompatClient {

	static final int BURN_MILLIS = 100;

	static final int BURNS = 5;

	private static final Duration RECORDING_DEADLINE = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	CompatClient(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/actuator/prometheus", null);
		assertThat(response.statusCode()).as("/actuator/prometheus").isEqualTo(200);
		return response.body();
	}

	/**
	 * Requests {@code /burn} once and returns the thread CPU time it burned, in
	 * nanoseconds, as the JDK read it.
	 */
	long burn() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/burn?millis=" + BURN_MILLIS, "application/json");
		assertThat(response.statusCode()).as("/burn").isEqualTo(200);
		Map<String, Object> body = JsonPath.read(response.body(), "$");
		return ((Number) body.get("cpuNanos")).longValue();
	}

	/**
	 * Burns {@link #BURNS} requests of {@link #BURN_MILLIS} and checks that the request
	 * CPU time series recorded each once, with the CPU time its thread burned (within 5%
	 * + 1 ms: the request's own work is in the observation too). Prints the series as
	 * scraped, tagged with {@code scenario}.
	 */
	void assertBurnsRecorded(RequestMeters meters, String scenario) throws Exception {
		for (int i = 0; i < 2; i++) {
			// the first requests to /burn also load classes and run cold code
			burn();
		}
		Recorded before = awaitRecorded(meters, "/burn");
		long burnedNanos = 0;
		for (int i = 0; i < BURNS; i++) {
			burnedNanos += burn();
		}
		Recorded after = awaitRecorded(meters, "/burn");
		double burned = burnedNanos / 1e9 / BURNS;
		double mean = (after.sum() - before.sum()) / (after.count() - before.count());
		System.out.printf("compat: [%s] /burn %s mean %.6f s over %d requests; ThreadMXBean read %.6f s burned"
				+ " per request%n", scenario, meters.cpu(), mean, BURNS, burned);
		printSeries(scenario, meters, "/burn");
		assertThat(after.count() - before.count()).as("%s_count{%s=\"/burn\"} increase", meters.cpu(), meters.route())
			.isEqualTo(BURNS);
		assertThat(mean).as("mean %s of /burn", meters.cpu()).isCloseTo(burned, within(0.05 * burned + 0.001));
	}

	/**
	 * Checks that every request CPU time series of {@code route} carries exactly the
	 * labels, names and values, of a series of the request's own timer, and that there is
	 * one; returns the CPU time series.
	 */
	List<Series> assertLabelsOfTimer(RequestMeters meters, String route) throws Exception {
		awaitRecorded(meters, route, false);
		String scrape = scrape();
		List<Series> timer = Series.of(scrape, meters.timer() + "_count", meters.route(), route);
		List<Series> cpu = Series.of(scrape, meters.cpu() + "_count", meters.route(), route);
		assertThat(timer).as("%s_count{%s=\"%s\"} in the scrape", meters.timer(), meters.route(), route).isNotEmpty();
		assertThat(cpu).as("%s_count{%s=\"%s\"} in the scrape", meters.cpu(), meters.route(), route).isNotEmpty();
		List<Map<String, String>> timerLabels = timer.stream().map(Series::labels).toList();
		assertThat(cpu).allSatisfy(
				(series) -> assertThat(timerLabels)
					.as("labels of %s: the same as those of a series of %s_count:%n%s", series.line(), meters.timer(),
							timer.stream().map(Series::line).collect(Collectors.joining("\n")))
					.contains(series.labels()));
		return cpu;
	}

	void printSeries(String scenario, RequestMeters meters, String route) throws Exception {
		String scrape = scrape();
		Stream.of(meters.cpu() + "_count", meters.cpu() + "_sum", meters.cpu() + "_max", meters.timer() + "_count")
			.flatMap((name) -> Series.of(scrape, name, meters.route(), route).stream())
			.forEach((series) -> System.out.printf("compat-series [%s] %s%n", scenario, series.line()));
	}

	/**
	 * Returns the count and sum of the request CPU time series of {@code route} once they
	 * have caught up with the request's timer: an observation stops after its response is
	 * written, so the last one may lag. Fails, listing what the scrape holds for the
	 * route, when the CPU time series never appears.
	 */
	Recorded awaitRecorded(RequestMeters meters, String route) throws Exception {
		return awaitRecorded(meters, route, true);
	}

	/**
	 * Returns the count and sum of the request CPU time series of {@code route} once they
	 * have caught up with the request's timer, or, unless {@code caughtUp}, once they are
	 * there at all.
	 */
	private Recorded awaitRecorded(RequestMeters meters, String route, boolean caughtUp) throws Exception {
		long deadline = System.nanoTime() + RECORDING_DEADLINE.toNanos();
		while (true) {
			String scrape = scrape();
			double timerCount = sum(scrape, meters.timer() + "_count", meters.route(), route);
			Recorded cpu = new Recorded(sum(scrape, meters.cpu() + "_count", meters.route(), route),
					sum(scrape, meters.cpu() + "_sum", meters.route(), route));
			if (timerCount > 0 && (caughtUp ? cpu.count() == timerCount : cpu.count() > 0)) {
				return cpu;
			}
			if (System.nanoTime() > deadline) {
				String seen = scrape.lines()
					.filter((line) -> line.contains(meters.route() + "=\"" + route + "\""))
					.collect(Collectors.joining("\n    "));
				fail("%s_count{%s=\"%s\"} is %s, its timer %s_count %s, after %s; the scrape's series of %s:%n    %s",
						meters.cpu(), meters.route(), route, cpu.count(), meters.timer(), timerCount,
						RECORDING_DEADLINE, route, seen);
			}
			Thread.sleep(50);
		}
	}

	private static double sum(String scrape, String name, String label, String value) {
		return Series.of(scrape, name, label, value).stream().mapToDouble(Series::value).sum();
	}

	/**
	 * The Prometheus names of a request's timer and of its CPU time summary, and the
	 * label that holds its route.
	 *
	 * @param timer the timer's base name, e.g. {@code http_server_requests_seconds}
	 * @param cpu the CPU time summary's base name
	 * @param route the route label, {@code uri} or {@code http_route}
	 */
	record RequestMeters(String timer, String cpu, String route) {

		static final RequestMeters MICROMETER = new RequestMeters("http_server_requests_seconds",
				"http_server_requests_cpu_time_seconds", "uri");

		static final RequestMeters RENAMED = new RequestMeters("http_in_seconds", "http_in_cpu_time_seconds", "uri");

		static final RequestMeters OPEN_TELEMETRY = new RequestMeters("http_server_request_duration_seconds",
				"http_server_request_cpu_time_seconds", "http_route");

	}

	record Recorded(double count, double sum) {
	}

}
