package dev.rusage.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

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
	 * Returns the program of the given name on the {@code PATH}, for a test that needs
	 * it: where it is missing, the test fails if the system property says
	 * {@code required}, and is skipped (an assumption, with a message on the console
	 * saying what to install) if not.
	 * @param name the program's file name
	 * @param requiredProperty the system property that, set to {@code required}, makes
	 * its absence a failure
	 * @param install how to install it, for the messages
	 * @return the program
	 */
	static Path find(String name, String requiredProperty, String install) {
		Optional<Path> program = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
		if ("required".equals(System.getProperty(requiredProperty, ""))) {
			assertThat(program).as("%s on the PATH (%s=required; %s)", name, requiredProperty, install).isPresent();
		}
		if (program.isEmpty()) {
			String message = name + " is not on the PATH (" + install + "): skipped; -D" + requiredProperty
					+ "=required makes this a failure";
			System.out.println("SKIPPED: " + message);
			Assumptions.abort(message);
		}
		return program.get();
	}

}
