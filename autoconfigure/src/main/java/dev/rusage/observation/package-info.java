/**
 * Micrometer {@code Observation} support: what each observed request, task or method cost
 * the threads that ran it, read with {@code RUSAGE_THREAD} around each of its scopes.
 */
@NullMarked
package dev.rusage.observation;

import org.jspecify.annotations.NullMarked;
