package dev.rusage.jna;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The library directories that JNA's {@code NativeLibrary} would otherwise learn by
 * running {@code /sbin/ldconfig -p}: on Linux its class initializer starts that program
 * unless the system property {@value #PROPERTY} is set, and a child process, once waited
 * for, shows in {@code RUSAGE_CHILDREN} of every application that uses the library.
 * <p>
 * The value set is the one JNA computes, without the child: its fixed directories, then
 * those listed in {@code /etc/ld.so.conf} and the files it includes (the directories
 * ldconfig builds its cache from, see ldconfig(8)), read as files; only directories that
 * exist are kept, as JNA keeps them. A value the user set is left alone.
 */
final class LibraryDirectories {

	static final String PROPERTY = "jna.platform.library.path";

	private static final int MAX_INCLUDE_DEPTH = 8;

	private LibraryDirectories() {
	}

	/**
	 * Sets {@value #PROPERTY} on Linux if it is unset, before {@code NativeLibrary} is
	 * first used.
	 */
	static void presetOnLinux() {
		if (!Platform.isLinux() || System.getProperty(PROPERTY) != null) {
			return;
		}
		List<String> directories = of(Path.of("/"), multiArch(), Native.POINTER_SIZE * 8);
		if (!directories.isEmpty()) {
			System.setProperty(PROPERTY, String.join(File.pathSeparator, directories));
		}
	}

	/**
	 * Returns the directories, in JNA's order, that exist under {@code root}.
	 * @param root the file system root, {@code /} but in tests
	 * @param multiArch the Debian multiarch tuple as JNA derives it, such as
	 * {@code x86_64-linux-gnu}
	 * @param bits the width of a pointer: 64 or 32
	 * @return the absolute names of the directories, as {@code root} would have them
	 */
	static List<String> of(Path root, String multiArch, int bits) {
		Set<String> candidates = new LinkedHashSet<>(List.of("/usr/lib/" + multiArch, "/lib/" + multiArch,
				"/usr/lib" + bits, "/lib" + bits, "/usr/lib", "/lib"));
		readConfiguration(root, "/etc/ld.so.conf", candidates, 0);
		List<String> existing = new ArrayList<>();
		for (String candidate : candidates) {
			if (Files.isDirectory(resolve(root, candidate))) {
				existing.add(candidate);
			}
		}
		return existing;
	}

	// ld.so.conf: one directory per line ("dir=type" in old files), '#' starts a
	// comment, "include pattern..." reads other files (relative patterns from the
	// including file's directory), "hwcap" lines name no directory (glibc's ldconfig.c)
	private static void readConfiguration(Path root, String file, Set<String> directories, int depth) {
		if (depth > MAX_INCLUDE_DEPTH) {
			return;
		}
		List<String> lines;
		try {
			lines = Files.readAllLines(resolve(root, file), StandardCharsets.ISO_8859_1);
		}
		catch (IOException | RuntimeException ex) {
			return;
		}
		for (String line : lines) {
			int comment = line.indexOf('#');
			String entry = ((comment >= 0) ? line.substring(0, comment) : line).trim();
			String keyword = entry.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
			if (entry.isEmpty() || keyword.equals("hwcap")) {
				continue;
			}
			if (keyword.equals("include") && entry.length() > keyword.length()) {
				for (String pattern : entry.substring(keyword.length()).trim().split("\\s+")) {
					for (String included : expand(root, parentOf(file), pattern)) {
						readConfiguration(root, included, directories, depth + 1);
					}
				}
				continue;
			}
			int type = entry.indexOf('=');
			String directory = stripTrailingSlashes((type >= 0) ? entry.substring(0, type).trim() : entry);
			if (directory.startsWith("/")) {
				directories.add(directory);
			}
		}
	}

	// a pattern with a glob in its last segment only, as ld.so.conf.d/*.conf
	private static List<String> expand(Path root, String directory, String pattern) {
		String absolute = pattern.startsWith("/") ? pattern : directory + "/" + pattern;
		int slash = absolute.lastIndexOf('/');
		String parent = absolute.substring(0, slash);
		String glob = absolute.substring(slash + 1);
		List<String> files = new ArrayList<>();
		if (!hasGlob(glob)) {
			files.add(absolute);
			return files;
		}
		if (hasGlob(parent)) {
			return files;
		}
		try (DirectoryStream<Path> matches = Files.newDirectoryStream(resolve(root, parent + "/"), glob)) {
			for (Path match : matches) {
				files.add(parent + "/" + match.getFileName());
			}
		}
		catch (IOException | RuntimeException ex) {
			return files;
		}
		files.sort(null);
		return files;
	}

	private static boolean hasGlob(String text) {
		return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
	}

	private static String parentOf(String file) {
		int slash = file.lastIndexOf('/');
		return (slash > 0) ? file.substring(0, slash) : "";
	}

	private static String stripTrailingSlashes(String directory) {
		String stripped = directory;
		while (stripped.length() > 1 && stripped.endsWith("/")) {
			stripped = stripped.substring(0, stripped.length() - 1);
		}
		return stripped;
	}

	private static Path resolve(Path root, String absolute) {
		return root.resolve(absolute.substring(1));
	}

	// JNA's NativeLibrary.getMultiArchPath, for Linux
	static String multiArch() {
		String cpu = Platform.ARCH;
		String libc = "-gnu";
		if (Platform.isIntel()) {
			cpu = Platform.is64Bit() ? "x86_64" : "i386";
		}
		else if (Platform.isPPC()) {
			cpu = Platform.is64Bit() ? "powerpc64" : "powerpc";
		}
		else if (Platform.isARM()) {
			cpu = "arm";
			libc = "-gnueabi";
		}
		else if (Platform.ARCH.equals("mips64el")) {
			libc = "-gnuabi64";
		}
		return cpu + "-linux" + libc;
	}

}
