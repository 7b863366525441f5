/**
 * The platform logic behind {@link dev.rusage.ResourceUsageService}, the same for every
 * native binding: the service implementation, the layout of {@code struct rusage} on each
 * platform, the {@code RUSAGE_*} numbers, the binding interface and the choice of
 * binding. Each binding (JNA, {@code java.lang.foreign}) lives in a package of its own
 * and touches nothing here but {@link dev.rusage.platform.RusageBinding} and
 * {@link dev.rusage.platform.RusageStruct}.
 */
@NullMarked
package dev.rusage.platform;

import org.jspecify.annotations.NullMarked;
