package dev.rusage.compat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.rusage.compat.CompatClient.RequestMeters;

/**
 * The application with its HTTP server observation renamed by Boot's property (there
 * since Boot 3.0): each request is measured all the same, under the new name.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.prometheus.metrics.export.enabled=true",
				"management.observations.http.server.requests.name=http.in" })
@EnabledOnOs(OS.LINUX)
class CompatRenamedObservationTests {

	@Value("${local.server.port}")
	private int port;

	@Test
	void eachRequestShouldCostTheCpuTimeItsThreadBurnedUnderTheNewName() throws Exception {
		new CompatClient(this.port).assertBurnsRecorded(RequestMeters.RENAMED, "renamed");
	}

	@Test
	void cpuTimeOfEachRequestShouldCarryExactlyTheLabelsOfItsRenamedTimer() throws Exception {
		CompatClient client = new CompatClient(this.port);
		client.burn();
		client.assertLabelsOfTimer(RequestMeters.RENAMED, "/burn");
	}

}
