package dev.rusage.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.rusage.MalformedSelectors;
import dev.rusage.MalformedSelectors.Selector;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus of {@link MalformedSelectors} and every non-read method, sent over
 * real HTTP to {@code /actuator/rusage}: always a 4xx (a 200 for valid case variants),
 * never a 5xx, never a stack trace.
 */
@EnabledOnOs(OS.LINUX)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=rusage")
class ResourceUsageEndpointBadInputTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final Map<Integer, Integer> statuses = new TreeMap<>();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@MethodSource("dev.rusage.MalformedSelectors#malformed")
	void getWithMalformedSelectorIsClientError(Selector selector) throws Exception {
		HttpResponse<String> response = get("/actuator/rusage/" + selector.encoded());
		assertClientErrorWithoutStackTrace(response.statusCode(), response.body());
	}

	@ParameterizedTest
	@MethodSource("dev.rusage.MalformedSelectors#validCaseVariants")
	void getWithCaseVariantOfValidSelectorIsOk(Selector selector) throws Exception {
		HttpResponse<String> response = get("/actuator/rusage/" + selector.encoded());
		count(response.statusCode());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"ru_utime\"");
	}

	@ParameterizedTest
	@MethodSource("emptySelectors")
	void getWithEmptySelectorIsClientErrorOrSelf(String path) throws Exception {
		HttpResponse<String> response = get(path);
		if (response.statusCode() != 200) {
			assertClientErrorWithoutStackTrace(response.statusCode(), response.body());
		}
		else {
			count(200);
			assertThat(response.body()).contains("\"who\":\"self\"");
		}
	}

	@ParameterizedTest
	@MethodSource("unsupportedMethods")
	void unsupportedMethodIsClientError(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.method(method, BodyPublishers.ofString("{\"who\":\"self\"}"))
			.header("Content-Type", "application/json")
			.build();
		HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
		assertClientErrorWithoutStackTrace(response.statusCode(), response.body());
		assertThat(response.statusCode()).isEqualTo(405);
	}

	@ParameterizedTest
	@MethodSource("unacceptableMediaTypes")
	void getAcceptingOnlyUnsupportedMediaTypeIsClientError(String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/actuator/rusage")).header("Accept", accept).build();
		HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
		assertClientErrorWithoutStackTrace(response.statusCode(), response.body());
	}

	@ParameterizedTest
	@MethodSource("rawRequestTargets")
	void getWithRawBytesTheHttpClientRefusesIsClientError(String target) throws Exception {
		String response = rawGet(target.getBytes(StandardCharsets.ISO_8859_1));
		int status = Integer.parseInt(response.substring(9, 12));
		assertClientErrorWithoutStackTrace(status, response);
	}

	@AfterAll
	static void reportStatuses() {
		int requests = statuses.values().stream().mapToInt(Integer::intValue).sum();
		System.out.println("ResourceUsageEndpointBadInputTests: " + requests + " requests, statuses " + statuses);
	}

	static Stream<String> emptySelectors() {
		return Stream.of("/actuator/rusage/", "/actuator/rusage//", "/actuator/rusage/%20/");
	}

	static Stream<String[]> unsupportedMethods() {
		return Stream.of("POST", "PUT", "DELETE", "PATCH")
			.flatMap((method) -> Stream.of(new String[] { method, "/actuator/rusage" },
					new String[] { method, "/actuator/rusage/self" }));
	}

	static Stream<String> unacceptableMediaTypes() {
		return Stream.of("text/plain", "application/xml", "image/png");
	}

	static List<String> rawRequestTargets() {
		// request targets java.net.URI rejects: raw space, NUL, control, non-ASCII bytes
		return List.of("/actuator/rusage/self\0", "/actuator/rusage/se lf", "/actuator/rusage/\u0001",
				"/actuator/rusage/s\u00e9lf", "/actuator/rusage/\u00ff\u00fe", "/actuator/rusage/<script>",
				"/actuator/rusage/self\\..\\..", "/actuator/rusage/%", "/actuator/rusage/%zz", "/actuator/rusage/{who}",
				"/actuator/rusage/self|children");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private String rawGet(byte[] target) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET ".getBytes(StandardCharsets.US_ASCII));
			out.write(target);
			out.write(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

	private static synchronized void count(int status) {
		statuses.merge(status, 1, Integer::sum);
	}

	private static void assertClientErrorWithoutStackTrace(int status, String body) {
		count(status);
		assertThat(status).as("status of a response with body %s", body).isBetween(400, 499);
		assertThat(body).doesNotContain("\tat ")
			.doesNotContain("Exception")
			.doesNotContain("dev.rusage.")
			.doesNotContain("org.springframework.")
			.doesNotContain("<script>");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
