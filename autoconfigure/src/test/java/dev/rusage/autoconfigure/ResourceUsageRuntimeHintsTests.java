package dev.rusage.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import dev.rusage.jna.JnaRusageBinding;
import dev.rusage.platform.PlatformResourceUsageService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResourceUsageRuntimeHints}.
 */
class ResourceUsageRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	ResourceUsageRuntimeHintsTests() {
		new ResourceUsageRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(ResourceUsageRuntimeHints.class);
	}

	@Test
	void everyBindingsLoadMethodCanBeInvokedReflectively() {
		assertThat(PlatformResourceUsageService.bindingClassNames()).containsExactly("dev.rusage.ffm.FfmRusageBinding",
				"dev.rusage.jna.JnaRusageBinding");
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(JnaRusageBinding.class, "load"))
			.accepts(this.hints);
		// the ffm class is Java 22 byte code: check its hint without loading it
		for (String bindingClass : PlatformResourceUsageService.bindingClassNames()) {
			TypeHint type = this.hints.reflection().getTypeHint(TypeReference.of(bindingClass));
			assertThat(type).as(bindingClass).isNotNull();
			assertThat(type.methods()).singleElement().satisfies((method) -> {
				assertThat(method.getName()).isEqualTo("load");
				assertThat(method.getParameterTypes()).isEmpty();
				assertThat(method.getMode()).isEqualTo(ExecutableMode.INVOKE);
			});
		}
	}

	@Test
	void jnaDirectMappedFunctionsAreRegisteredForReflectionAndJni() throws Exception {
		TypeReference libc = TypeReference.of("dev.rusage.jna.LibC");
		assertThat(Class.forName(libc.getName(), false, getClass().getClassLoader())).isNotNull();
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(libc)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(this.hints);
		// RuntimeHintsPredicates has no JNI predicate: read the JNI hints themselves
		assertThat(this.hints.jni().getTypeHint(libc)).isNotNull()
			.satisfies(
					(type) -> assertThat(type.getMemberCategories()).contains(MemberCategory.INVOKE_DECLARED_METHODS));
		assertThat(this.hints.jni().getTypeHint(TypeReference.of("com.sun.jna.LastErrorException"))).isNotNull()
			.satisfies((type) -> assertThat(type.getMemberCategories())
				.contains(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS));
	}

}
