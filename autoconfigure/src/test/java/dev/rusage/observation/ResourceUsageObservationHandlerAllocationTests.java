package dev.rusage.observation;

import java.lang.management.ManagementFactory;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.platform.PlatformResourceUsageService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that {@link ResourceUsageObservationHandler} allocates, for an observation it
 * measures by its CPU time, its accounting and the copy of the observation's tags that
 * Micrometer makes for whoever asks for them, and nothing per scope: bytes counted by the
 * JVM ({@code com.sun.management.ThreadMXBean}), not time.
 * <p>
 * The handler is called as Micrometer calls it (start, scopes, the filter's map, stop) on
 * one reused context, so the context's own map entry for the accounting is not counted
 * (an observation of a request pays 32 bytes more for it). Each case warms the calls up
 * until the JIT has compiled them with escape analysis (a few hundred thousand calls),
 * then keeps the smallest average of several batches.
 */
@EnabledOnOs(OS.LINUX)
class ResourceUsageObservationHandlerAllocationTests {

	// ScopeAccounting: a 12-byte header, 2 longs, 5 references, an int and 3 booleans,
	// in 8-byte steps
	private static final long ACCOUNTING_BYTES = 56;

	// Observation.Context.getLowCardinalityKeyValues() of 5 key values, with all it makes
	// on the way when the JIT eliminates none of it (as with -XX:-DoEscapeAnalysis or C1
	// alone): the map's iterator, arrays of the 5 references and the KeyValues that holds
	// them. Once compiled with escape analysis it is 40 to 96 B, depending on what the
	// JIT
	// made of Micrometer's code in this JVM before.
	private static final long TAG_COPY_BYTES = 176;

	private static final KeyValues HTTP_TAGS = KeyValues.of("exception", "none", "method", "GET", "outcome", "SUCCESS",
			"status", "200", "uri", "/orders");

	private static final int WARM_UP_OBSERVATIONS = 300_000;

	private static final int BATCH_OBSERVATIONS = 20_000;

	private static final int BATCHES = 5;

	private static final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ResourceUsageObservationHandler handler = ResourceUsageObservationHandler
		.builder(PlatformResourceUsageService.create(), this.registry)
		.spanAttributes(false)
		.build();

	private final Observation.Context context = new Observation.Context();

	@BeforeEach
	void countAllocatedBytes() {
		assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes");
		threads.setThreadAllocatedMemoryEnabled(true);
		this.context.setName("http.server.requests");
		this.context.addLowCardinalityKeyValues(HTTP_TAGS);
	}

	@Test
	void anObservationAllocatesItsAccountingAndTheCopyOfItsTagsOnly() {
		long bytes = bytesPerObservation(1);
		assertThat(this.registry.get("http.server.requests.cpu.time").summary().count())
			.isEqualTo(WARM_UP_OBSERVATIONS + BATCHES * BATCH_OBSERVATIONS);
		assertThat(bytes).isBetween(ACCOUNTING_BYTES, ACCOUNTING_BYTES + TAG_COPY_BYTES);
	}

	@Test
	void furtherScopesOnTheSameThreadAllocateNothing() {
		long oneScope = bytesPerObservation(1);
		long tenScopes = bytesPerObservation(10);
		// under 8 bytes for each of the 9 further scopes, where one object is 16 or more;
		// what the JIT eliminates of the tag copy moves by less between the two loops
		assertThat(tenScopes).as("10 scopes (%d B) against 1 (%d B)", tenScopes, oneScope)
			.isBetween(ACCOUNTING_BYTES, oneScope + 9 * 8 - 1);
	}

	private long bytesPerObservation(int scopes) {
		observe(scopes, WARM_UP_OBSERVATIONS);
		long fewest = Long.MAX_VALUE;
		for (int batch = 0; batch < BATCHES; batch++) {
			long before = threads.getCurrentThreadAllocatedBytes();
			observe(scopes, BATCH_OBSERVATIONS);
			long bytes = threads.getCurrentThreadAllocatedBytes() - before;
			fewest = Math.min(fewest, bytes / BATCH_OBSERVATIONS);
		}
		return fewest;
	}

	private void observe(int scopes, int observations) {
		for (int i = 0; i < observations; i++) {
			this.handler.onStart(this.context);
			for (int scope = 0; scope < scopes; scope++) {
				this.handler.onScopeOpened(this.context);
				this.handler.onScopeClosed(this.context);
			}
			this.handler.map(this.context);
			this.handler.onStop(this.context);
		}
	}

}
