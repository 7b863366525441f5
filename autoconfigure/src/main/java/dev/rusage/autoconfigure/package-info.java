/**
 * Auto-configuration of the resource usage service, endpoint, info contributor, meters
 * and observation handler, and the {@code rusage.*} configuration properties: public API
 * of the library. The auto-configurations are used by name; their beans back off when the
 * application defines its own.
 */
@NullMarked
package dev.rusage.autoconfigure;

import org.jspecify.annotations.NullMarked;
