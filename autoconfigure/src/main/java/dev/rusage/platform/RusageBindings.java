package dev.rusage.platform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chooses the native binding at startup: the first of {@link #CANDIDATES} that loads on
 * this JVM, or the one named. {@code java.lang.foreign} (Java 22+) comes first: it needs
 * no native stub and costs least per call; JNA is the binding on Java 17 to 21 and the
 * fallback.
 * <p>
 * A binding is a class in a package of its own with a public static {@code load()} method
 * (see {@link RusageBinding}); adding one is one line here.
 */
final class RusageBindings {

	/** Chooses the first binding that loads. */
	static final String AUTO = "auto";

	/**
	 * The system property that {@link PlatformResourceUsageService#create()} reads; the
	 * Spring property of the same name, which a system property also sets, chooses the
	 * binding of the auto-configured service.
	 */
	static final String PROPERTY = "rusage.binding";

	private static final List<Candidate> CANDIDATES = List.of(
			new Candidate("ffm", "dev.rusage.ffm.FfmRusageBinding", 22),
			new Candidate("jna", "dev.rusage.jna.JnaRusageBinding", 17));

	private RusageBindings() {
	}

	/**
	 * Loads a binding.
	 * @param choice {@value #AUTO} or a binding's name, case-insensitive
	 * @return the binding
	 * @throws BindingUnavailableException if none could be loaded, or the choice is
	 * unknown
	 */
	static RusageBinding load(String choice) {
		String name = choice.trim().toLowerCase(Locale.ROOT);
		List<Candidate> candidates = CANDIDATES.stream()
			.filter((candidate) -> AUTO.equals(name) || candidate.name.equals(name))
			.toList();
		if (candidates.isEmpty()) {
			throw new BindingUnavailableException("unknown binding '" + choice + "'",
					"rusage.binding is '" + choice + "', but the bindings are " + AUTO + ", " + names());
		}
		List<String> failures = new ArrayList<>();
		for (Candidate candidate : candidates) {
			try {
				return candidate.load();
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				failures.add(candidate.name + ": " + describe(ex));
			}
		}
		String tried = candidates.stream().map(Candidate::name).collect(Collectors.joining(", "));
		throw new BindingUnavailableException("no native binding could be loaded (tried " + tried + ")",
				String.join("; ", failures));
	}

	static String names() {
		return CANDIDATES.stream().map(Candidate::name).collect(Collectors.joining(", "));
	}

	/**
	 * Returns the classes of the bindings, in the order they are tried: each must be
	 * reachable by reflection in a native image (the Spring AOT hints name them).
	 * @return the fully qualified class names
	 */
	static List<String> classNames() {
		return CANDIDATES.stream().map(Candidate::className).toList();
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? message : ex.toString();
	}

	private record Candidate(String name, String className, int minimumJavaVersion) {

		RusageBinding load() throws Throwable {
			int javaVersion = Runtime.version().feature();
			if (javaVersion < this.minimumJavaVersion) {
				throw new UnsupportedOperationException(
						"needs Java " + this.minimumJavaVersion + " or later; this is Java " + javaVersion);
			}
			Class<?> bindingClass;
			try {
				bindingClass = Class.forName(this.className, false, RusageBindings.class.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new UnsupportedOperationException("this build of rusage-spring-boot-autoconfigure has no "
						+ this.name + " binding (" + this.className + " is missing)");
			}
			MethodHandle load = MethodHandles.publicLookup()
				.findStatic(bindingClass, "load", MethodType.methodType(RusageBinding.class));
			return (RusageBinding) load.invokeExact();
		}

	}

	/**
	 * Thrown when no binding could be loaded: a short reason, safe to show to a client,
	 * and the detail for the log.
	 */
	static final class BindingUnavailableException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String reason;

		BindingUnavailableException(String reason, String detail) {
			super(detail);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
