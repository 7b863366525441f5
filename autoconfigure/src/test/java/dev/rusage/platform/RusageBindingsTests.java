package dev.rusage.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RusageBindings}: which binding each choice loads on this JVM.
 */
@EnabledOnOs(OS.LINUX)
class RusageBindingsTests {

	@Test
	@EnabledForJreRange(max = JRE.JAVA_21)
	void autoLoadsJnaBeforeJava22() {
		assertThat(RusageBindings.load("auto").name()).isEqualTo("jna");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_22)
	void autoLoadsFfmOnJava22AndLater() {
		assertThat(RusageBindings.load("auto").name()).isEqualTo("ffm");
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_21)
	void ffmBeforeJava22IsUnavailableAndSaysWhy() {
		assertThatExceptionOfType(RusageBindings.BindingUnavailableException.class)
			.isThrownBy(() -> RusageBindings.load("ffm"))
			.withMessage("ffm: needs Java 22 or later; this is Java " + Runtime.version().feature())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("no native binding could be loaded (tried ffm)"));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_22)
	void ffmOnJava22AndLaterLoadsFfm() {
		assertThat(RusageBindings.load("ffm").name()).isEqualTo("ffm");
	}

	@Test
	void jnaLoadsJnaOnEveryJava() {
		assertThat(RusageBindings.load("jna").name()).isEqualTo("jna");
	}

	@Test
	void choiceIsCaseInsensitiveAndTrimmed() {
		assertThat(RusageBindings.load(" JNA ").name()).isEqualTo("jna");
	}

	@Test
	void unknownChoiceNamesTheBindings() {
		assertThatExceptionOfType(RusageBindings.BindingUnavailableException.class)
			.isThrownBy(() -> RusageBindings.load("jni"))
			.withMessage("rusage.binding is 'jni', but the bindings are auto, ffm, jna");
	}

}
