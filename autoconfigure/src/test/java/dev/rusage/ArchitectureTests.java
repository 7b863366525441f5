package dev.rusage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that keep the layering: the core API is plain Java; the platform logic is plain
 * Java and knows no binding; each binding touches its own native API and the platform
 * package only; the endpoint and meters see the core API only.
 */
class ArchitectureTests {

	private static final String[] BINDINGS = { "dev.rusage.jna..", "dev.rusage.ffm.." };

	private static final String[] SPRING_SIDE = { "org.springframework..", "io.micrometer..", "dev.rusage.actuate..",
			"dev.rusage.metrics..", "dev.rusage.observation..", "dev.rusage.autoconfigure.." };

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.rusage");

	@Test
	void corePackageDependsOnNeitherSpringNorJnaNorMicrometer() {
		noClasses().that()
			.resideInAPackage("dev.rusage")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "com.sun.jna..", "io.micrometer..", "java.lang.foreign..")
			.check(classes);
	}

	@Test
	void corePackageDependsOnNoOtherPackageOfTheProject() {
		noClasses().that()
			.resideInAPackage("dev.rusage")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.rusage.(*)..")
			.check(classes);
	}

	@Test
	void platformPackageKnowsNoBindingNorSpring() {
		noClasses().that()
			.resideInAPackage("dev.rusage.platform")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(concat(BINDINGS, SPRING_SIDE), "com.sun.jna..", "java.lang.foreign.."))
			.check(classes);
	}

	@Test
	void onlyTheJnaBindingTouchesJna() {
		noClasses().that()
			.resideOutsideOfPackage("dev.rusage.jna")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.sun.jna..")
			.check(classes);
	}

	@Test
	void onlyTheFfmBindingTouchesTheForeignFunctionApi() {
		noClasses().that()
			.resideOutsideOfPackage("dev.rusage.ffm")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("java.lang.foreign..")
			.check(classes);
	}

	@Test
	void bindingsSeeOnlyThePlatformPackageAndTheCoreApi() {
		noClasses().that()
			.resideInAnyPackage(BINDINGS)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SPRING_SIDE)
			.check(classes);
		noClasses().that()
			.resideInAPackage("dev.rusage.jna..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.rusage.ffm..")
			.check(classes);
		noClasses().that()
			.resideInAPackage("dev.rusage.ffm..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.rusage.jna..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void endpointMetersAndObservationsSeeOnlyTheCoreApi() {
		noClasses().that()
			.resideInAnyPackage("dev.rusage.actuate..", "dev.rusage.metrics..", "dev.rusage.observation..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(BINDINGS, "dev.rusage.platform..", "dev.rusage.autoconfigure.."))
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void rulesSeeTheMainClasses() {
		assertThat(classes.contain(ResourceUsage.class)).isTrue();
		assertThat(classes.containPackage("dev.rusage.platform")).isTrue();
		assertThat(classes.containPackage("dev.rusage.jna")).isTrue();
		assertThat(classes.containPackage("dev.rusage.actuate")).isTrue();
	}

	@Test
	void rulesSeeTheFfmBindingWhereTheBuildHasIt() {
		// a build that finds a JDK 22+ compiles it; the tests on Java 22+
		// need it
		boolean built = ArchitectureTests.class.getClassLoader()
			.getResource("dev/rusage/ffm/FfmRusageBinding.class") != null;
		if (Runtime.version().feature() >= 22) {
			assertThat(built).as("the ffm binding is on the test class path").isTrue();
		}
		assertThat(classes.containPackage("dev.rusage.ffm")).isEqualTo(built);
	}

	private static String[] concat(String[] first, String... second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

}
