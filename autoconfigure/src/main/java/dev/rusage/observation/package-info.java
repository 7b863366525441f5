/**
 * Micrometer {@code Observation} support: what each observed request, task or method cost
 * the threads that ran it, read from their CPU clocks (and, for counters,
 * {@code RUSAGE_THREAD}) around each of its scopes.
 * <p>
 * Public API: {@link dev.rusage.observation.ResourceUsageObservationHandler}, its builder
 * and public constants, and {@link dev.rusage.observation.ObservedCounter}.
 */
@NullMarked
package dev.rusage.observation;

import org.jspecify.annotations.NullMarked;
