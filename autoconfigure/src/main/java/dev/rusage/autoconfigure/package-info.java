/**
 * Auto-configuration of the resource usage service, endpoint and meters.
 */
@NullMarked
package dev.rusage.autoconfigure;

import org.jspecify.annotations.NullMarked;
