/**
 * Micrometer meters for the resource usage of the process and its children.
 * <p>
 * Public API: {@link dev.rusage.metrics.ResourceUsageMetrics} and its meter-name
 * constants, and {@link dev.rusage.metrics.MeterConvention}.
 */
@NullMarked
package dev.rusage.metrics;

import org.jspecify.annotations.NullMarked;
