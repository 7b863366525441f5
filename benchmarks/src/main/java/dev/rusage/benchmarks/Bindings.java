package dev.rusage.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import dev.rusage.ResourceUsageService;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.jna.JnaRusageBinding;
import dev.rusage.platform.PlatformResourceUsageService;
import dev.rusage.platform.RusageBinding;

/**
 * The two bindings by name, for benchmarks that compare them: the service through one of
 * them, and the binding itself, whose struct is the floor of a read (one call, no fill,
 * no checks, no record).
 */
final class Bindings {

	private Bindings() {
	}

	/**
	 * Returns whether a binding can be used on this JVM.
	 * @param name {@code jna} or {@code ffm}
	 * @return whether it can
	 */
	static boolean available(String name) {
		return !(PlatformResourceUsageService.create(name) instanceof UnavailableResourceUsageService);
	}

	/**
	 * Returns the service through one binding.
	 * @param name {@code jna} or {@code ffm}
	 * @return the service
	 * @throws IllegalStateException if that binding cannot be used here
	 */
	static ResourceUsageService service(String name) {
		ResourceUsageService service = PlatformResourceUsageService.create(name);
		if (service instanceof UnavailableResourceUsageService unavailable) {
			throw new IllegalStateException("The " + name + " binding cannot be used here (" + unavailable.detail()
					+ "); the ffm binding needs Java 22+ and a jar built with it (-p binding=jna on Java 17)");
		}
		return service;
	}

	/**
	 * Loads one binding.
	 * @param name {@code jna} or {@code ffm}
	 * @return the binding
	 */
	static RusageBinding binding(String name) {
		service(name);
		if (name.equals("jna")) {
			return JnaRusageBinding.load();
		}
		try {
			// a Java 22 class (META-INF/versions/22); this code compiles for Java 17
			Class<?> ffm = Class.forName("dev.rusage.ffm.FfmRusageBinding");
			return (RusageBinding) MethodHandles.publicLookup()
				.findStatic(ffm, "load", MethodType.methodType(RusageBinding.class))
				.invoke();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("The ffm binding cannot be loaded", ex);
		}
	}

}
