package dev.rusage.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.rusage.observation.ResourceUsageObservationHandler;

/**
 * Which observations are measured: every server request (Spring MVC, WebFlux, and any
 * other whose context is a {@link RequestReplyReceiverContext} of kind {@code SERVER},
 * such as Jersey's and gRPC's) and every {@code @Scheduled} run, told by the type of
 * their context, so whatever their observation is named (by a property, a custom
 * convention, or OpenTelemetry's conventions); and the others named in
 * {@code rusage.observation.names}.
 * <p>
 * A name that none of the first {@value #WATCHED} observations had is logged once, with
 * the names that were seen, and counted once in the skipped counter with reason
 * {@value #REASON_NO_SUCH_OBSERVATION}: a misspelt name would otherwise measure nothing
 * in silence.
 */
final class MeasuredObservations implements Predicate<Observation.Context> {

	static final String REASON_NO_SUCH_OBSERVATION = "no-such-observation";

	static final int WATCHED = 1_000;

	private static final Log logger = LogFactory.getLog(MeasuredObservations.class);

	private static final List<String> CONTEXT_TYPES = List
		.of("org.springframework.scheduling.support.ScheduledTaskObservationContext");

	private final Class<?>[] types;

	private final boolean all;

	private final Set<String> names;

	private final MeterRegistry registry;

	private final Set<String> unmatched = ConcurrentHashMap.newKeySet();

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	private final AtomicInteger watched = new AtomicInteger();

	private volatile boolean watching;

	MeasuredObservations(List<String> names, MeterRegistry registry) {
		this.types = CONTEXT_TYPES.stream()
			.filter((type) -> ClassUtils.isPresent(type, MeasuredObservations.class.getClassLoader()))
			.map((type) -> ClassUtils.resolveClassName(type, MeasuredObservations.class.getClassLoader()))
			.toArray(Class<?>[]::new);
		this.all = names.contains("*");
		this.names = Set.copyOf(names);
		this.registry = registry;
		if (!this.all) {
			this.unmatched.addAll(names);
		}
		this.watching = !this.unmatched.isEmpty();
	}

	@Override
	public boolean test(Observation.Context context) {
		if (context instanceof RequestReplyReceiverContext<?, ?> receiver && receiver.getKind() == Kind.SERVER) {
			return true;
		}
		for (Class<?> type : this.types) {
			if (type.isInstance(context)) {
				return true;
			}
		}
		String name = context.getName();
		boolean named = this.all || this.names.contains(name);
		if (this.watching) {
			watch(name, named);
		}
		return named;
	}

	private void watch(@Nullable String name, boolean named) {
		if (name == null) {
			return;
		}
		if (named) {
			this.unmatched.remove(name);
		}
		else if (this.seen.size() < 20) {
			this.seen.add(name);
		}
		if (this.unmatched.isEmpty()) {
			this.watching = false;
		}
		else if (this.watched.incrementAndGet() == WATCHED) {
			this.watching = false;
			for (String missing : this.unmatched) {
				Counter.builder(ResourceUsageObservationHandler.SKIPPED)
					.description("Observations whose resource usage could not be measured, by reason")
					.tags("observation", missing, "reason", REASON_NO_SUCH_OBSERVATION)
					.register(this.registry)
					.increment();
			}
			logger.warn("rusage.observation.names lists " + this.unmatched + ", but none of the first " + WATCHED
					+ " observations (other than HTTP server requests and @Scheduled runs, which are measured"
					+ " whatever their name) was named so; names seen: " + this.seen
					+ ". Correct the names, or leave out those that do not exist.");
		}
	}

}
