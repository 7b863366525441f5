package dev.rusage.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageMeasurement;
import dev.rusage.ResourceUsageService;

/**
 * Hashes a text many times and reports what that work cost the serving thread: CPU time
 * split into user and system, page faults and context switches, as
 * {@link ResourceUsageService#measure(java.util.function.Supplier) measured} with
 * {@code RUSAGE_THREAD}. Where the thread cannot be measured the digest is still computed
 * and served, and the report says why its cost is missing.
 */
@RestController
class DigestController {

	private static final int MAX_ROUNDS = 10_000_000;

	private final ResourceUsageService resourceUsage;

	DigestController(ResourceUsageService resourceUsage) {
		this.resourceUsage = resourceUsage;
	}

	@GetMapping("/digest")
	DigestReport digest(@RequestParam(defaultValue = "hello") String text,
			@RequestParam(defaultValue = "100000") int rounds) {
		if (rounds < 1 || rounds > MAX_ROUNDS) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "rounds must be between 1 and " + MAX_ROUNDS);
		}
		ResourceUsageMeasurement<String> measurement = this.resourceUsage.measure(() -> sha256(text, rounds));
		return DigestReport.of(text, rounds, measurement);
	}

	private static String sha256(String text, int rounds) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[] digest = text.getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < rounds; i++) {
				digest = sha256.digest(digest);
			}
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What one request computed and what it cost the thread that served it: the cost
	 * fields are absent, and {@code unmeasured} says why, when the thread could not be
	 * measured (a virtual thread, macOS, a failed read).
	 */
	@JsonInclude(Include.NON_NULL)
	record DigestReport(String text, int rounds, String sha256, long wallMicros, boolean measured,
			@Nullable String unmeasured, @Nullable Long userCpuMicros, @Nullable Long systemCpuMicros,
			@Nullable Long minorPageFaults, @Nullable Long majorPageFaults, @Nullable Long voluntaryContextSwitches,
			@Nullable Long involuntaryContextSwitches) {

		static DigestReport of(String text, int rounds, ResourceUsageMeasurement<String> measurement) {
			long wallMicros = measurement.wallTime().toNanos() / 1000;
			String sha256 = measurement.result();
			ResourceUsage cost = measurement.usage().orElse(null);
			if (cost == null) {
				String reason = measurement.failure().map(Throwable::getMessage).orElse("not measured");
				return new DigestReport(text, rounds, sha256, wallMicros, false, reason, null, null, null, null, null,
						null);
			}
			return new DigestReport(text, rounds, sha256, wallMicros, true, null, cost.userTimeMicros(),
					cost.systemTimeMicros(), cost.minorPageFaults(), cost.majorPageFaults(),
					cost.voluntaryContextSwitches(), cost.involuntaryContextSwitches());
		}

	}

}
