/**
 * Internal: not API, may change in any release. The platform logic behind
 * {@link dev.rusage.ResourceUsageService}, the same for every native binding: the service
 * implementation, the layout of {@code struct rusage} on each platform, the
 * {@code RUSAGE_*} numbers, the binding interface and the choice of binding.
 * <p>
 * Each binding (JNA, {@code java.lang.foreign}) lives in a package of its own and touches
 * nothing here but {@link dev.rusage.platform.RusageBinding} and
 * {@link dev.rusage.platform.RusageStruct}. Those two interfaces and the binding classes
 * are public only because Java requires it: a class implements an interface of another
 * package only if the interface is public, and the bindings are found by class name and
 * their {@code load()} called through a public method handle. The binding is chosen by
 * the {@code rusage.binding} property; no application code hands one in.
 */
@NullMarked
package dev.rusage.platform;

import org.jspecify.annotations.NullMarked;
