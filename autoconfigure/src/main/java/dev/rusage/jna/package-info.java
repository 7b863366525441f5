/**
 * Internal: not API, may change in any release. The
 * {@link dev.rusage.platform.RusageBinding} through JNA direct mapping: the only package
 * that touches JNA.
 */
@NullMarked
package dev.rusage.jna;

import org.jspecify.annotations.NullMarked;
