/**
 * The {@code rusage} Actuator endpoint.
 */
@NullMarked
package dev.rusage.actuate;

import org.jspecify.annotations.NullMarked;
