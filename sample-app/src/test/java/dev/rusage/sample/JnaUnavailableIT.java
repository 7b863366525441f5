package dev.rusage.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample where JNA cannot be used, on a Java without the ffm binding, and
 * checks that the one warning names the real cause and a fix that applies, while the
 * client gets only the short reason: the JNA jar left off the class path (the sample's
 * own libraries, unpacked from its jar), and {@code jna.nounpack}.
 */
@EnabledOnOs(OS.LINUX)
@EnabledForJreRange(max = JRE.JAVA_21)
class JnaUnavailableIT {

	private static final String SHORT_REASON = "{\"status\":503,\"error\":\"Service Unavailable\",\"message\":"
			+ "\"no native binding could be loaded (tried ffm, jna)\"}";

	@TempDir
	Path temp;

	@Test
	void withoutTheJnaJarTheWarningSaysSoAndHowToAddIt() throws Exception {
		List<Path> classPath = unpackWithoutJna(SampleProcess.jar(), this.temp.resolve("exploded"));
		try (SampleProcess sample = SampleProcess.classPath(this.temp, classPath).start()) {
			String warning = assertServesWithoutResourceUsage(sample);
			assertThat(warning).contains("JNA is not on the class path (java.lang.NoClassDefFoundError: com/sun/jna/")
				.contains("add net.java.dev.jna:jna to the class path")
				.doesNotContain("jna.tmpdir")
				.doesNotContain("libjnidispatch");
		}
	}

	@Test
	void withJnaNounpackTheWarningNamesItAndNotTheTemporaryDirectory() throws Exception {
		// jna.nosys too, so that a libjnidispatch installed on the machine is not found
		try (SampleProcess sample = SampleProcess.jar(this.temp)
			.jvmArguments("-Djna.nounpack=true", "-Djna.nosys=true")
			.start()) {
			String warning = assertServesWithoutResourceUsage(sample);
			assertThat(warning).contains("JNA's native library (libjnidispatch) could not be loaded")
				.contains("jna.nounpack")
				.contains("install it (Debian: libjna-jni)")
				.doesNotContain("jna.tmpdir");
		}
	}

	private String assertServesWithoutResourceUsage(SampleProcess sample) throws Exception {
		for (String path : List.of("/actuator/rusage", "/actuator/rusage/children", "/actuator/rusage/thread")) {
			HttpResponse<String> rusage = sample.get(path);
			assertThat(rusage.statusCode()).as(path).isEqualTo(503);
			assertThat(rusage.body()).as(path).isEqualTo(SHORT_REASON);
		}
		HttpResponse<String> digest = sample.get("/digest?rounds=10");
		assertThat(digest.statusCode()).isEqualTo(200);
		assertThat(digest.body()).contains("\"measured\":false")
			.contains("\"unmeasured\":\"no native binding could be loaded (tried ffm, jna)\"");
		assertThat(sample.get("/actuator/health").body()).contains("\"status\":\"UP\"");
		assertThat(sample.logLines(" ERROR ")).isEmpty();
		List<String> warnings = sample.logLines(" WARN ");
		System.out.println("JnaUnavailableIT: " + warnings);
		assertThat(warnings).singleElement()
			.satisfies((warning) -> assertThat(warning).contains("ResourceUsageAutoConfiguration")
				.contains("Resource usage (getrusage) is unavailable: no native binding could be loaded (tried"
						+ " ffm, jna): ffm: needs Java 22 or later"));
		return warnings.get(0);
	}

	// the repackaged jar's BOOT-INF/classes and BOOT-INF/lib, as a class path in that
	// order, less the JNA jar
	private static List<Path> unpackWithoutJna(Path jar, Path directory) throws IOException {
		List<Path> libraries = new ArrayList<>();
		boolean jnaLeftOut = false;
		try (JarFile file = new JarFile(jar.toFile())) {
			Enumeration<JarEntry> entries = file.entries();
			while (entries.hasMoreElements()) {
				JarEntry entry = entries.nextElement();
				String name = entry.getName();
				if (entry.isDirectory() || !name.startsWith("BOOT-INF/")) {
					continue;
				}
				if (name.startsWith("BOOT-INF/lib/jna-")) {
					jnaLeftOut = true;
					continue;
				}
				Path target = directory.resolve(name).normalize();
				assertThat(target.startsWith(directory)).as(name).isTrue();
				Files.createDirectories(target.getParent());
				try (InputStream content = file.getInputStream(entry)) {
					Files.copy(content, target);
				}
				if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
					libraries.add(target);
				}
			}
		}
		assertThat(jnaLeftOut).as("the sample jar holds JNA").isTrue();
		List<Path> classPath = new ArrayList<>();
		classPath.add(directory.resolve("BOOT-INF/classes"));
		classPath.addAll(libraries);
		return classPath;
	}

}
