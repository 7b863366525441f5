/**
 * Internal: not API, may change in any release. The
 * {@link dev.rusage.platform.RusageBinding} through {@code java.lang.foreign} (Java
 * 22 and later): the only package that touches the foreign function API. It needs no
 * native library of its own, so it works where JNA cannot unpack {@code libjnidispatch}.
 */
@NullMarked
package dev.rusage.ffm;

import org.jspecify.annotations.NullMarked;
