package dev.rusage.compat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Burns a given amount of the serving thread's CPU time, as the JDK's
 * {@link ThreadMXBean#getCurrentThreadCpuTime()} reads it, and answers with what it
 * burned: a request whose CPU time is known without the starter, to hold
 * {@code http.server.requests.cpu.time} against.
 */
@RestController
class BurnController {

	private static final int MAX_MILLIS = 1000;

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	@GetMapping("/burn")
	Map<String, Object> burn(@RequestParam int millis) {
		if (millis < 1 || millis > MAX_MILLIS || !this.threads.isCurrentThreadCpuTimeSupported()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"millis must be between 1 and " + MAX_MILLIS + " on a JVM that reads thread CPU time");
		}
		long target = millis * 1_000_000L;
		long start = this.threads.getCurrentThreadCpuTime();
		long burned = 0;
		long work = 0;
		while (burned < target) {
			for (int i = 0; i < 10_000; i++) {
				work = work * 31 + i;
			}
			burned = this.threads.getCurrentThreadCpuTime() - start;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("cpuNanos", burned);
		body.put("work", work);
		return body;
	}

}
