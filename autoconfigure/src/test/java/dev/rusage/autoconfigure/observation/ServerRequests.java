package dev.rusage.autoconfigure.observation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.data.Offset;

import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Requests to the {@link ObservedWebMvcApplication} over real HTTP, and the meters they
 * leave. An observation stops just after its response is sent, so its meters are waited
 * for.
 */
final class ServerRequests {

	static final String REQUESTS = "http.server.requests";

	/** The CPU an endpoint burns, seconds. */
	static final double BURNED = ObservedWebMvcApplication.BURN_MILLIS / 1000.0;

	/** The accuracy the feature promises: 5% of the CPU burned, and 1 ms. */
	static final Offset<Double> ACCURACY = within(BURNED * 0.05 + 0.001);

	private final HttpClient client = HttpClient.newHttpClient();

	private final int port;

	private final MeterRegistry registry;

	ServerRequests(int port, MeterRegistry registry) {
		this.port = port;
		this.registry = registry;
	}

	int get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/**
	 * Sends two requests, which also initialize what the path needs and load classes, and
	 * forgets their meters and those of earlier requests.
	 */
	void warmUp(String path) throws Exception {
		forget(path);
		for (int i = 0; i < 2; i++) {
			get(path);
		}
		recorded(path, 2);
		forget(path);
	}

	DistributionSummary recorded(String uri, long count) {
		return recorded(REQUESTS, "uri", uri, count);
	}

	DistributionSummary recorded(String observation, String tagKey, String tagValue, long count) {
		String name = observation + ".cpu.time";
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.find(name).tag(tagKey, tagValue).summaries(),
					(summaries) -> summaries.stream().mapToLong(DistributionSummary::count).sum() == count);
		return this.registry.get(name).tag(tagKey, tagValue).summary();
	}

	void forget(String uri) {
		this.registry.find(REQUESTS + ".cpu.time").tag("uri", uri).meters().forEach(this.registry::remove);
		this.registry.find(REQUESTS + ".context.switches").tag("uri", uri).meters().forEach(this.registry::remove);
	}

}
