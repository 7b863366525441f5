package dev.rusage.autoconfigure.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * An {@link ObservationHandler} that writes down which event of which observation
 * happened on which thread, to tell how a framework opens, closes and resets the scopes
 * of its observations.
 */
final class ObservationEventLog implements ObservationHandler<Observation.Context> {

	private final String name;

	private final Queue<Event> events = new ConcurrentLinkedQueue<>();

	ObservationEventLog(String name) {
		this.name = name;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		log("start", context);
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		log("open", context);
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		log("close", context);
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		log("reset", context);
	}

	@Override
	public void onStop(Observation.Context context) {
		log("stop", context);
	}

	private void log(String event, Observation.Context context) {
		if (this.name.equals(context.getName())) {
			this.events.add(new Event(event, System.identityHashCode(context), Thread.currentThread().getName()));
		}
	}

	/**
	 * Returns the events so far, and forgets them.
	 * @return the events, in the order they happened
	 */
	List<Event> drain() {
		List<Event> drained = new ArrayList<>();
		Event event;
		while ((event = this.events.poll()) != null) {
			drained.add(event);
		}
		return drained;
	}

	record Event(String event, int observation, String thread) {

		@Override
		public String toString() {
			return this.event + " #" + Integer.toHexString(this.observation) + " on " + this.thread;
		}

	}

}
