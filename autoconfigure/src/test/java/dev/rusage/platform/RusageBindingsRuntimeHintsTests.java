package dev.rusage.platform;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every binding {@link RusageBindings} tries can be loaded in a native image:
 * the Spring AOT hints of {@code META-INF/spring/aot.factories} make its public static
 * {@code load()} invocable by reflection. Checked by name, since the FFM binding's class
 * is absent on Java 17 to 21.
 */
class RusageBindingsRuntimeHintsTests {

	@Test
	void everyBindingClassHasItsLoadMethodRegisteredForInvocation() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		assertThat(RusageBindings.classNames()).isNotEmpty();
		for (String className : RusageBindings.classNames()) {
			TypeHint type = hints.reflection().getTypeHint(TypeReference.of(className));
			assertThat(type).as("reflection hint of %s", className).isNotNull();
			assertThat(type.methods()).as("hints of %s's methods", className)
				.filteredOn((method) -> method.getName().equals("load"))
				.singleElement()
				.satisfies((load) -> {
					assertThat(load.getParameterTypes()).isEmpty();
					assertThat(load.getMode()).isEqualTo(ExecutableMode.INVOKE);
				});
		}
	}

}
