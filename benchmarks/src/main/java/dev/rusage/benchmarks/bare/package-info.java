/**
 * A reference observation handler that only reads the thread's CPU clock, and its
 * auto-configuration, loaded into the sample application by the CPU-per-request harness.
 */
@NullMarked
package dev.rusage.benchmarks.bare;

import org.jspecify.annotations.NullMarked;
