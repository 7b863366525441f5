package dev.rusage.autoconfigure.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs docs/security.md's Spring Security example over real HTTP:
 * {@code /actuator/rusage} needs the {@code OPS} role, health stays open, other endpoints
 * are denied, and the application's own URLs still need a login.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,info,rusage")
@EnabledOnOs(OS.LINUX)
class ResourceUsageEndpointSecurityTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void rusageNeedsTheOpsRole() throws Exception {
		assertThat(get("/actuator/rusage", null)).isEqualTo(401);
		assertThat(get("/actuator/rusage", "dev:dev-password")).isEqualTo(403);
		assertThat(get("/actuator/rusage", "ops:ops-password")).isEqualTo(200);
		assertThat(get("/actuator/rusage/thread", "ops:ops-password")).isEqualTo(200);
	}

	@Test
	void healthStaysOpenAndOtherEndpointsAreDenied() throws Exception {
		assertThat(get("/actuator/health", null)).isEqualTo(200);
		assertThat(get("/actuator/info", "ops:ops-password")).isEqualTo(403);
	}

	@Test
	void theApplicationsOwnUrlsStillNeedALogin() throws Exception {
		assertThat(get("/work", null)).isEqualTo(401);
		assertThat(get("/work", "dev:dev-password")).isEqualTo(200);
	}

	private int get(String path, String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", "application/json");
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ActuatorSecurityConfiguration.class)
	static class SecuredApplication {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("ops").password("{noop}ops-password").roles("OPS").build(),
					User.withUsername("dev").password("{noop}dev-password").roles("DEV").build());
		}

		@RestController
		static class WorkController {

			@GetMapping("/work")
			String work() {
				return "done";
			}

		}

	}

}
