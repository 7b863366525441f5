package dev.rusage.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A program that a test runs beside the sample, such as {@code prometheus} or
 * {@code chromium}: found on the {@code PATH}, and required to be there when the build
 * says so with a system property set to {@code required} (as {@code .ci/run} does), so
 * that a missing install fails the build instead of skipping the test.
 */
final class InstalledProgram {

	private InstalledProgram() {
	}

	/**
	 * Returns the program of the given name on the {@code PATH}.
	 * @param name the program's file name
	 * @param requiredProperty the system property that, set to {@code required}, makes
	 * its absence a failure
	 * @param install how to install it, for the failure's message
	 * @return the program, or empty if it was not required and is not installed
	 */
	static Optional<Path> find(String name, String requiredProperty, String install) {
		Optional<Path> program = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
		if ("required".equals(System.getProperty(requiredProperty, ""))) {
			assertThat(program).as("%s on the PATH (%s=required; %s)", name, requiredProperty, install).isPresent();
		}
		return program;
	}

	/**
	 * Returns the message with which a test that needs the program is skipped.
	 * @param name the program's file name
	 * @param requiredProperty the system property that makes its absence a failure
	 * @param install how to install it
	 * @return the message
	 */
	static String notInstalled(String name, String requiredProperty, String install) {
		return name + " is not installed (" + install + "): skipped; -D" + requiredProperty
				+ "=required makes this a failure";
	}

}
