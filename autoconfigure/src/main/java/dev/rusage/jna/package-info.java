/**
 * The native binding behind {@link dev.rusage.ResourceUsageService}, through JNA. The
 * only package that touches JNA; not part of the public API except
 * {@link dev.rusage.jna.JnaResourceUsageService#create()}.
 */
@NullMarked
package dev.rusage.jna;

import org.jspecify.annotations.NullMarked;
