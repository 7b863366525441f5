/**
 * The plain-Java API, which 0.1.0 promises to keep: the
 * {@link dev.rusage.ResourceUsageService} (the bean), the
 * {@link dev.rusage.ResourceUsage} snapshot, the {@link dev.rusage.Who} selector, the
 * {@link dev.rusage.RusageField} names, what {@code measure} returns
 * ({@link dev.rusage.ResourceUsageMeasurement}) and the exceptions, all under
 * {@link dev.rusage.ResourceUsageException}. Nothing here depends on Spring.
 * <p>
 * The rest of the library's public API: the endpoint types in {@code dev.rusage.actuate},
 * the meter names in {@code dev.rusage.metrics}, the observation handler and its public
 * constants in {@code dev.rusage.observation}, and the auto-configurations and
 * {@code rusage.*} properties in {@code dev.rusage.autoconfigure}. The native layer
 * ({@code dev.rusage.platform}, {@code dev.rusage.jna}, {@code dev.rusage.ffm}) is not
 * API.
 */
@NullMarked
package dev.rusage;

import org.jspecify.annotations.NullMarked;
