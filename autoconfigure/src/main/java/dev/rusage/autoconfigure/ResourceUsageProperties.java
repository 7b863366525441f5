package dev.rusage.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the resource usage service.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("rusage")
public class ResourceUsageProperties {

	/**
	 * Native binding that calls getrusage: 'auto' for the first that loads (ffm on Java
	 * 22 and later, then jna), 'ffm' (java.lang.foreign) or 'jna'.
	 */
	private String binding = "auto";

	private final Observation observation = new Observation();

	/**
	 * Returns the native binding to use.
	 * @return {@code auto}, or a binding's name
	 */
	public String getBinding() {
		return this.binding;
	}

	/**
	 * Sets the native binding to use.
	 * @param binding {@code auto}, or a binding's name
	 */
	public void setBinding(String binding) {
		this.binding = binding;
	}

	/**
	 * Returns the properties of the per-observation meters.
	 * @return the observation properties
	 */
	public Observation getObservation() {
		return this.observation;
	}

	/**
	 * Properties of the per-observation meters: what each HTTP request, scheduled task or
	 * observed method cost the threads that ran it.
	 */
	public static class Observation {

		/**
		 * Whether to measure what each observation cost the threads that ran it, by their
		 * CPU clocks around its scopes.
		 */
		private boolean enabled = true;

		/**
		 * Names of other observations to measure, or '*' for all. HTTP server requests
		 * (Spring MVC and WebFlux) and @Scheduled runs are measured whatever their
		 * observation is named.
		 */
		private List<String> names = new ArrayList<>();

		/**
		 * Whether to record page faults (type=minor|major) of each measured observation.
		 */
		private boolean pageFaults;

		/**
		 * Whether to record context switches (type=voluntary|involuntary) of each
		 * measured observation.
		 */
		private boolean contextSwitches;

		/**
		 * Whether to record block operations (direction=in|out) of each measured
		 * observation.
		 */
		private boolean blockOperations;

		/**
		 * Returns whether observations are measured.
		 * @return whether observations are measured
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether observations are measured.
		 * @param enabled whether observations are measured
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Returns the names of the observations to measure.
		 * @return the names, {@code *} for all
		 */
		public List<String> getNames() {
			return this.names;
		}

		/**
		 * Sets the names of the observations to measure.
		 * @param names the names, {@code *} for all
		 */
		public void setNames(List<String> names) {
			this.names = names;
		}

		/**
		 * Returns whether page faults are recorded.
		 * @return whether page faults are recorded
		 */
		public boolean isPageFaults() {
			return this.pageFaults;
		}

		/**
		 * Sets whether page faults are recorded.
		 * @param pageFaults whether page faults are recorded
		 */
		public void setPageFaults(boolean pageFaults) {
			this.pageFaults = pageFaults;
		}

		/**
		 * Returns whether context switches are recorded.
		 * @return whether context switches are recorded
		 */
		public boolean isContextSwitches() {
			return this.contextSwitches;
		}

		/**
		 * Sets whether context switches are recorded.
		 * @param contextSwitches whether context switches are recorded
		 */
		public void setContextSwitches(boolean contextSwitches) {
			this.contextSwitches = contextSwitches;
		}

		/**
		 * Returns whether block operations are recorded.
		 * @return whether block operations are recorded
		 */
		public boolean isBlockOperations() {
			return this.blockOperations;
		}

		/**
		 * Sets whether block operations are recorded.
		 * @param blockOperations whether block operations are recorded
		 */
		public void setBlockOperations(boolean blockOperations) {
			this.blockOperations = blockOperations;
		}

	}

}
