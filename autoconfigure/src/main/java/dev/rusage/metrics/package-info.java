/**
 * Micrometer meters for the resource usage of the process and its children.
 */
@NullMarked
package dev.rusage.metrics;

import org.jspecify.annotations.NullMarked;
