package dev.rusage.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers {@code /ping} with {@code pong}: the smallest request the sample serves, with
 * no resource usage code of its own. Its CPU time per request still shows in
 * {@code /actuator/prometheus}, measured by the starter's observation handler, and it is
 * the request that the handler's overhead weighs most on.
 */
@RestController
class PingController {

	@GetMapping("/ping")
	String ping() {
		return "pong";
	}

}
