package dev.rusage.jna;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link LibraryDirectories}: ld.so.conf read the way ldconfig reads it, and on
 * this machine the directories {@code ldconfig -p} knows, without running it.
 */
class LibraryDirectoriesTests {

	@TempDir
	Path root;

	@Test
	void fixedDirectoriesComeFirstInJnaOrderAndOnlyExistingOnesAreKept() throws IOException {
		directories("usr/lib/x86_64-linux-gnu", "lib64", "usr/lib", "lib");
		assertThat(LibraryDirectories.of(this.root, "x86_64-linux-gnu", 64))
			.containsExactly("/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib", "/lib");
	}

	@Test
	void ldSoConfDirectoriesFollowInFileOrderWithIncludesSortedAndExpandedWhereTheyStand() throws IOException {
		directories("usr/lib", "opt/first", "opt/a", "opt/b", "opt/typed", "opt/last", "etc/ld.so.conf.d");
		write("etc/ld.so.conf", """
				# the system's own
				/opt/first
				include /etc/ld.so.conf.d/*.conf
				/opt/missing
				/opt/last/   # trailing slash and comment
				""");
		write("etc/ld.so.conf.d/b.conf", "/opt/b\n");
		write("etc/ld.so.conf.d/a.conf", "hwcap 1 nosegneg\n/opt/a\n/opt/typed=libc6\n");
		write("etc/ld.so.conf.d/ignored.txt", "/opt/ignored\n");
		assertThat(LibraryDirectories.of(this.root, "x86_64-linux-gnu", 64)).containsExactly("/usr/lib", "/opt/first",
				"/opt/a", "/opt/typed", "/opt/b", "/opt/last");
	}

	@Test
	void relativeIncludesAreReadFromTheIncludingFilesDirectoryAndLoopsEnd() throws IOException {
		directories("opt/nested", "etc/conf.d");
		write("etc/ld.so.conf", "include conf.d/nested.conf\n");
		write("etc/conf.d/nested.conf", "/opt/nested\ninclude ../ld.so.conf\n");
		assertThat(LibraryDirectories.of(this.root, "x86_64-linux-gnu", 64)).containsExactly("/opt/nested");
	}

	@Test
	void missingOrUnreadableConfigurationLeavesTheFixedDirectories() throws IOException {
		directories("usr/lib");
		write("etc/ld.so.conf", "include /etc/nowhere/*.conf\ninclude /etc/absent.conf\n");
		assertThat(LibraryDirectories.of(this.root, "x86_64-linux-gnu", 64)).containsExactly("/usr/lib");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void onThisMachineEveryDirectoryOfTheLdconfigCacheIsFound() throws Exception {
		Path ldconfig = Path.of("/sbin/ldconfig");
		assumeTrue(Files.isExecutable(ldconfig), "no /sbin/ldconfig to compare with");
		// the test runs the program that the binding must not run
		Process process = new ProcessBuilder(ldconfig.toString(), "-p").redirectErrorStream(true).start();
		Set<String> cached = new TreeSet<>();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			output.lines()
				.filter((line) -> line.contains(" => "))
				.map((line) -> line.substring(line.indexOf(" => ") + 4).trim())
				.map((library) -> Path.of(library).getParent().toString())
				.forEach(cached::add);
		}
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(cached).isNotEmpty();
		List<String> found = onThisMachine();
		for (String directory : cached) {
			assertThat(found).as("directory of the ldconfig cache").contains(directory);
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void bindingSetsThePropertyJnaReadsBeforeJnaComputesItWithLdconfig() {
		JnaRusageBinding.load();
		// JNA's own value would list ldconfig's directories after its fixed ones
		assertThat(System.getProperty(LibraryDirectories.PROPERTY))
			.isEqualTo(String.join(File.pathSeparator, onThisMachine()));
	}

	private static List<String> onThisMachine() {
		return LibraryDirectories.of(Path.of("/"), LibraryDirectories.multiArch(), Native.POINTER_SIZE * 8);
	}

	private void directories(String... names) throws IOException {
		for (String name : names) {
			Files.createDirectories(this.root.resolve(name));
		}
	}

	private void write(String name, String content) throws IOException {
		Files.createDirectories(this.root.resolve(name).getParent());
		Files.writeString(this.root.resolve(name), content);
	}

}
