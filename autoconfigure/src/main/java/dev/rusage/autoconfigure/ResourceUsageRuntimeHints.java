package dev.rusage.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

import dev.rusage.platform.PlatformResourceUsageService;

/**
 * What a GraalVM native image needs to reach the native bindings, for Spring AOT
 * (registered in {@code META-INF/spring/aot.factories}). The classes are named, not
 * referenced: the FFM binding exists only in the Java 22+ part of the jar, and JNA is
 * optional.
 * <p>
 * Not here, because {@code RuntimeHints} cannot express it: the FFM binding's downcall
 * descriptors, which Native Image must know at build time (docs/aot-native.md, "AOT and
 * native image"). Not here either, because JNA's own metadata in the GraalVM Reachability
 * Metadata Repository covers it: the JNI and reflective access JNA's native code needs to
 * its own classes, and its {@code libjnidispatch} resources.
 */
final class ResourceUsageRuntimeHints implements RuntimeHintsRegistrar {

	private static final String JNA_LIBC = "dev.rusage.jna.LibC";

	// thrown by JNA's native code (FindClass, then ThrowNew: the String constructor)
	// when a method declared to throw it fails with errno set: LibC.getrusage
	private static final String JNA_LAST_ERROR_EXCEPTION = "com.sun.jna.LastErrorException";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// each binding is loaded by name (Class.forName) and its public static load()
		// called through a method handle
		for (String binding : PlatformResourceUsageService.bindingClassNames()) {
			hints.reflection()
				.registerType(TypeReference.of(binding),
						(type) -> type.withMethod("load", List.of(), ExecutableMode.INVOKE));
		}
		if (ClassUtils.isPresent("com.sun.jna.Native", classLoader)) {
			registerJnaHints(hints);
		}
	}

	private void registerJnaHints(RuntimeHints hints) {
		// INVOKE, as ExecutableMode.INTROSPECT is deprecated in Spring Framework 7: JNA
		// only reads these methods, their parameter, return and exception types
		Consumer<TypeHint.Builder> nativeMethods = (type) -> type
			.withMethod("getrusage", List.of(TypeReference.of(int.class), TypeReference.of(long.class)),
					ExecutableMode.INVOKE)
			.withMethod("getpagesize", List.of(), ExecutableMode.INVOKE)
			.withMethod("strerror", List.of(TypeReference.of(int.class)), ExecutableMode.INVOKE);
		// Native.register finds the native methods with getDeclaredMethods()
		hints.reflection().registerType(TypeReference.of(JNA_LIBC), nativeMethods);
		// and hands their entry points to the JVM with the JNI function RegisterNatives
		hints.jni().registerType(TypeReference.of(JNA_LIBC), nativeMethods);
		hints.jni()
			.registerType(TypeReference.of(JNA_LAST_ERROR_EXCEPTION),
					(type) -> type.withConstructor(List.of(TypeReference.of(String.class)), ExecutableMode.INVOKE));
	}

}
