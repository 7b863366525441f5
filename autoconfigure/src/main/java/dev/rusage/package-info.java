/**
 * The plain-Java API: {@link dev.rusage.ResourceUsageService}, the
 * {@link dev.rusage.ResourceUsage} snapshot and the {@link dev.rusage.Who} selector.
 * Nothing here depends on Spring.
 */
@NullMarked
package dev.rusage;

import org.jspecify.annotations.NullMarked;
