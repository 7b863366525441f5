package dev.rusage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that keep the layering: the core API is plain Java, only the binding touches JNA,
 * and the endpoint and meters see the core API only.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.rusage");

	@Test
	void corePackageDependsOnNeitherSpringNorJnaNorMicrometer() {
		noClasses().that()
			.resideInAPackage("dev.rusage")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "com.sun.jna..", "io.micrometer..")
			.check(classes);
	}

	@Test
	void corePackageDependsOnNoOtherPackageOfTheProject() {
		noClasses().that()
			.resideInAPackage("dev.rusage")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.rusage.jna..", "dev.rusage.actuate..", "dev.rusage.metrics..",
					"dev.rusage.autoconfigure..")
			.check(classes);
	}

	@Test
	void onlyTheBindingTouchesJna() {
		noClasses().that()
			.resideOutsideOfPackage("dev.rusage.jna")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.sun.jna..")
			.check(classes);
	}

	@Test
	void endpointAndMetersDoNotDependOnTheBinding() {
		noClasses().that()
			.resideInAnyPackage("dev.rusage.actuate..", "dev.rusage.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.rusage.jna..", "dev.rusage.autoconfigure..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void bindingDoesNotDependOnSpringOrMicrometer() {
		noClasses().that()
			.resideInAPackage("dev.rusage.jna..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..", "dev.rusage.actuate..",
					"dev.rusage.metrics..", "dev.rusage.autoconfigure..")
			.check(classes);
	}

	@Test
	void rulesSeeTheMainClasses() {
		assertThat(classes.contain(ResourceUsage.class)).isTrue();
		assertThat(classes.containPackage("dev.rusage.jna")).isTrue();
		assertThat(classes.containPackage("dev.rusage.actuate")).isTrue();
	}

}
