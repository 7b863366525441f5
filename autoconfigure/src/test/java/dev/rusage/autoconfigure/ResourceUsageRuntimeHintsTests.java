package dev.rusage.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.ExecutableHint;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.rusage.jna.JnaRusageBinding;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResourceUsageRuntimeHints}, applied as Spring AOT applies it: loaded
 * from {@code META-INF/spring/aot.factories}. Reflection hints are checked with
 * {@link RuntimeHintsPredicates}; it has no predicate for JNI hints, so those are read
 * from {@link RuntimeHints#jni()}. A member of a class that is absent here (the FFM
 * binding on Java 17 to 21) is checked by name.
 */
class ResourceUsageRuntimeHintsTests {

	private static final String JNA_LIBC = "dev.rusage.jna.LibC";

	private final RuntimeHints hints = hintsFor(getClass().getClassLoader());

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(ResourceUsageRuntimeHints.class);
	}

	@Test
	void jnaBindingLoadMethodIsInvocable() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(JnaRusageBinding.class, "load"))
			.accepts(this.hints)
			.rejects(new RuntimeHints());
	}

	@Test
	void ffmBindingLoadMethodIsInvocableByName() {
		assertThat(methodHint(this.hints.reflection().getTypeHint(TypeReference.of("dev.rusage.ffm.FfmRusageBinding")),
				"load"))
			.satisfies((load) -> assertThat(load.getParameterTypes()).isEmpty())
			.satisfies((load) -> assertThat(load.getMode()).isEqualTo(ExecutableMode.INVOKE));
	}

	@Test
	void everyNativeMethodOfJnaLibCIsReflectiveAndJniAccessible() throws ClassNotFoundException {
		// not initialized: its initializer binds the C library
		Class<?> libC = Class.forName(JNA_LIBC, false, getClass().getClassLoader());
		List<Method> nativeMethods = Arrays.stream(libC.getDeclaredMethods())
			.filter((method) -> Modifier.isNative(method.getModifiers()))
			.toList();
		assertThat(nativeMethods).extracting(Method::getName)
			.containsExactlyInAnyOrder("getrusage", "getpagesize", "strerror");
		TypeHint jni = this.hints.jni().getTypeHint(TypeReference.of(JNA_LIBC));
		for (Method method : nativeMethods) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method)).as(method.toString())
				.accepts(this.hints);
			assertThat(jni).as("JNI hint of " + JNA_LIBC).isNotNull();
			assertThat(jni.methods()).as(method.toString())
				.filteredOn((hint) -> hint.getName().equals(method.getName()))
				.singleElement()
				.satisfies(
						(hint) -> assertThat(hint.getParameterTypes()).isEqualTo(typesOf(method.getParameterTypes())));
		}
	}

	@Test
	void lastErrorExceptionThatJnaThrowsFromNativeCodeIsJniConstructible() throws Exception {
		Method getrusage = Class.forName(JNA_LIBC, false, getClass().getClassLoader())
			.getDeclaredMethod("getrusage", int.class, long.class);
		assertThat(getrusage.getExceptionTypes()).contains(LastErrorException.class);
		Constructor<LastErrorException> constructor = LastErrorException.class.getConstructor(String.class);
		TypeHint jni = this.hints.jni().getTypeHint(LastErrorException.class);
		assertThat(jni).isNotNull();
		assertThat(jni.constructors()).singleElement().satisfies((hint) -> {
			assertThat(hint.getParameterTypes()).isEqualTo(typesOf(constructor.getParameterTypes()));
			assertThat(hint.getMode()).isEqualTo(ExecutableMode.INVOKE);
		});
	}

	@Test
	void withoutJnaOnlyTheBindingsAreRegistered() {
		RuntimeHints withoutJna = hintsFor(new FilteredClassLoader("com.sun.jna"));
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(JnaRusageBinding.class, "load"))
			.accepts(withoutJna);
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(JNA_LIBC))).rejects(withoutJna)
			.accepts(this.hints);
		assertThat(withoutJna.jni().typeHints()).isEmpty();
	}

	private static RuntimeHints hintsFor(ClassLoader classLoader) {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.stream()
			.filter(ResourceUsageRuntimeHints.class::isInstance)
			.forEach((registrar) -> registrar.registerHints(hints, classLoader));
		return hints;
	}

	private static ExecutableHint methodHint(TypeHint type, String name) {
		assertThat(type).as("reflection hint of the type").isNotNull();
		return type.methods()
			.filter((method) -> method.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no hint of " + type.getType() + "." + name));
	}

	private static List<TypeReference> typesOf(Class<?>[] types) {
		return Arrays.stream(types).map(TypeReference::of).toList();
	}

}
