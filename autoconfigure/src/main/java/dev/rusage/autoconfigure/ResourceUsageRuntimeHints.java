package dev.rusage.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

import dev.rusage.platform.PlatformResourceUsageService;

/**
 * {@link RuntimeHintsRegistrar} for the native bindings, for an ahead-of-time compiled
 * image: each binding class's {@code load()}, which the service looks up by name, and the
 * JNA binding's direct-mapped functions, whose native methods JNA finds by reflection and
 * registers through JNI, throwing {@code LastErrorException} from native code when a call
 * fails.
 *
 * @since 0.1.0
 */
class ResourceUsageRuntimeHints implements RuntimeHintsRegistrar {

	// named, not referenced: only dev.rusage.jna touches JNA
	static final TypeReference JNA_LIBC = TypeReference.of("dev.rusage.jna.LibC");

	static final TypeReference JNA_LAST_ERROR = TypeReference.of("com.sun.jna.LastErrorException");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String bindingClass : PlatformResourceUsageService.bindingClassNames()) {
			hints.reflection()
				.registerType(TypeReference.of(bindingClass),
						(type) -> type.withMethod("load", List.of(), ExecutableMode.INVOKE));
		}
		hints.reflection().registerType(JNA_LIBC, MemberCategory.INVOKE_DECLARED_METHODS);
		hints.jni().registerType(JNA_LIBC, MemberCategory.INVOKE_DECLARED_METHODS);
		hints.jni().registerType(JNA_LAST_ERROR, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
	}

}
