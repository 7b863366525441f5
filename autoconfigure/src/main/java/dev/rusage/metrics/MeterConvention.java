package dev.rusage.metrics;

/**
 * The naming convention of the meters: Micrometer's, or OpenTelemetry's semantic
 * conventions, which Spring Boot 4.2 switches an application to with
 * {@code management.observations.conventions=open-telemetry}.
 *
 * @since 0.1.0
 */
public enum MeterConvention {

	/**
	 * Micrometer's convention: lowercase dotted names of our own, such as
	 * {@code process.rusage.cpu.time}, and short tag keys such as {@code mode}.
	 */
	MICROMETER,

	/**
	 * OpenTelemetry's semantic conventions where one exists, such as
	 * {@code process.cpu.time} tagged {@code cpu.mode}; a name of our own where none
	 * does.
	 */
	OPEN_TELEMETRY

}
