/**
 * The {@code rusage} Actuator endpoint, its web extension and the {@code rusage} info
 * contributor: public API of the library.
 */
@NullMarked
package dev.rusage.actuate;

import org.jspecify.annotations.NullMarked;
