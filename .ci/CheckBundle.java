import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a Central Portal bundle (the zip central-publishing-maven-plugin writes) the way
 * the Portal validates one: for each published artifact a POM with name, description, url,
 * licenses, developers and scm; a jar, a sources jar and a javadoc jar; an MD5 and a SHA-1
 * of every file (SHA-256 and SHA-512 too where present), each matching its file; a
 * signature of every file unless the bundle was built with -Dgpg.skip. On top of that,
 * that the POM is a consumer POM: no parent, no build, no dependency management, no
 * property left unresolved, every dependency with its version. Every missing part is
 * named; the exit status is 1 if there is any.
 *
 * <pre>java .ci/CheckBundle.java BUNDLE.zip GROUP_ID VERSION SIGNED ARTIFACT_ID...</pre>
 */
public class CheckBundle {

	private static final String[] CHECKSUMS = { "md5", "sha1", "sha256", "sha512" };

	private static final String[] REQUIRED_CHECKSUMS = { "md5", "sha1" };

	private static final String[] BUILD_ONLY_ELEMENTS = { "parent", "build", "dependencyManagement", "properties",
			"repositories", "pluginRepositories", "profiles", "reporting", "modules" };

	private final Map<String, byte[]> entries;

	private final String groupId;

	private final String version;

	private final boolean signed;

	private final List<String> artifactIds;

	private final List<String> problems = new ArrayList<>();

	private CheckBundle(Map<String, byte[]> entries, String groupId, String version, boolean signed,
			List<String> artifactIds) {
		this.entries = entries;
		this.groupId = groupId;
		this.version = version;
		this.signed = signed;
		this.artifactIds = artifactIds;
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 5) {
			System.err.println("usage: java CheckBundle.java BUNDLE.zip GROUP_ID VERSION SIGNED ARTIFACT_ID...");
			System.exit(2);
		}
		Path bundle = Path.of(args[0]);
		if (!Files.isRegularFile(bundle)) {
			System.err.println("!!! BUNDLE CHECK: no bundle at " + bundle);
			System.exit(1);
		}
		CheckBundle check = new CheckBundle(read(bundle), args[1], args[2], Boolean.parseBoolean(args[3]),
				List.of(args).subList(4, args.length));
		System.out.printf("bundle %s: %d files, %s version %s%n", bundle, check.entries.size(), args[1], args[2]);
		check.run();
		if (!check.problems.isEmpty()) {
			System.out.println();
			System.out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
			System.out.printf("!!! BUNDLE CHECK FAILED: %d missing or wrong part(s)%n", check.problems.size());
			check.problems.forEach((problem) -> System.out.println("!!!   " + problem));
			System.out.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
			System.exit(1);
		}
		System.out.printf("bundle check: PASS, %d artifacts (%s), %d files, nothing missing%s%n",
				check.artifactIds.size(), String.join(", ", check.artifactIds), check.entries.size(),
				check.signed ? "" : "; signatures not checked (built with -Dgpg.skip)");
	}

	private void run() throws Exception {
		if (this.version.endsWith("-SNAPSHOT")) {
			problem("version " + this.version + " is a SNAPSHOT: the Portal takes releases only");
		}
		TreeSet<String> expected = new TreeSet<>();
		for (String artifactId : this.artifactIds) {
			expected.addAll(checkArtifact(artifactId));
		}
		for (String name : this.entries.keySet()) {
			if (!expected.contains(name)) {
				problem("unexpected file in the bundle (not one of the published artifacts' parts): " + name);
			}
		}
	}

	/** Checks one artifact and returns the names of the entries that belong to it. */
	private List<String> checkArtifact(String artifactId) throws Exception {
		System.out.printf("  %s:%s:%s%n", this.groupId, artifactId, this.version);
		String base = this.groupId.replace('.', '/') + "/" + artifactId + "/" + this.version + "/" + artifactId + "-"
				+ this.version;
		Map<String, String> parts = new LinkedHashMap<>();
		parts.put("pom", base + ".pom");
		parts.put("jar", base + ".jar");
		parts.put("sources", base + "-sources.jar");
		parts.put("javadoc", base + "-javadoc.jar");
		List<String> names = new ArrayList<>();
		for (Map.Entry<String, String> part : parts.entrySet()) {
			String file = part.getValue();
			names.add(file);
			names.add(file + ".asc");
			for (String algorithm : CHECKSUMS) {
				names.add(file + "." + algorithm);
			}
			if (!this.entries.containsKey(file)) {
				problem(artifactId + ": no " + part.getKey() + " (" + file + ")");
				continue;
			}
			List<String> sums = new ArrayList<>();
			for (String algorithm : CHECKSUMS) {
				String present = checksum(file, algorithm);
				if (present != null) {
					sums.add(present);
				}
				else if (List.of(REQUIRED_CHECKSUMS).contains(algorithm)) {
					problem(artifactId + ": no ." + algorithm + " of " + file);
				}
			}
			String signature = "";
			if (this.entries.containsKey(file + ".asc")) {
				signature = ", signed";
				if (!new String(this.entries.get(file + ".asc"), StandardCharsets.US_ASCII)
					.startsWith("-----BEGIN PGP SIGNATURE-----")) {
					problem(artifactId + ": " + file + ".asc is not an ASCII-armoured PGP signature");
				}
			}
			else if (this.signed) {
				problem(artifactId + ": no signature (.asc) of " + file);
			}
			System.out.printf("    %-8s %s (%d bytes): %s%s%n", part.getKey(), file.substring(file.lastIndexOf('/') + 1),
					this.entries.get(file).length, String.join(" ", sums), signature);
		}
		if (this.entries.containsKey(parts.get("pom"))) {
			checkPom(artifactId, this.entries.get(parts.get("pom")));
		}
		checkJars(artifactId, parts);
		return names;
	}

	/** Returns "md5 ok" when the checksum is present and right, null when absent. */
	private String checksum(String file, String algorithm) throws Exception {
		byte[] sum = this.entries.get(file + "." + algorithm);
		if (sum == null) {
			return null;
		}
		String javaName = switch (algorithm) {
			case "md5" -> "MD5";
			case "sha1" -> "SHA-1";
			case "sha256" -> "SHA-256";
			default -> "SHA-512";
		};
		String actual = HexFormat.of().formatHex(MessageDigest.getInstance(javaName).digest(this.entries.get(file)));
		String written = new String(sum, StandardCharsets.US_ASCII).trim().split("\\s+")[0].toLowerCase();
		if (!actual.equals(written)) {
			problem(file + "." + algorithm + " does not match the file (" + written + ", file has " + actual + ")");
			return algorithm + " WRONG";
		}
		return algorithm + " ok";
	}

	private void checkPom(String artifactId, byte[] pom) throws Exception {
		String text = new String(pom, StandardCharsets.UTF_8);
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		Element project = factory.newDocumentBuilder().parse(new ByteArrayInputStream(pom)).getDocumentElement();
		String where = artifactId + " POM: ";
		expectValue(where, project, "modelVersion", "4.0.0");
		expectValue(where, project, "groupId", this.groupId);
		expectValue(where, project, "artifactId", artifactId);
		expectValue(where, project, "version", this.version);
		List<String> found = new ArrayList<>();
		for (String element : List.of("name", "description", "url")) {
			if (text(project, element).isBlank()) {
				problem(where + "no <" + element + ">");
			}
			else {
				found.add(element);
			}
		}
		List<String> licenses = new ArrayList<>();
		for (Element license : children(child(project, "licenses"), "license")) {
			if (text(license, "name").isBlank() || text(license, "url").isBlank()) {
				problem(where + "a <license> without <name> or <url>");
			}
			licenses.add(text(license, "name"));
		}
		if (licenses.isEmpty()) {
			problem(where + "no <licenses>");
		}
		else {
			found.add("licenses " + licenses);
		}
		List<Element> developers = children(child(project, "developers"), "developer");
		if (developers.isEmpty()) {
			problem(where + "no <developers>");
		}
		for (Element developer : developers) {
			if (text(developer, "name").isBlank() || text(developer, "email").isBlank()) {
				problem(where + "a <developer> without <name> or <email>");
			}
		}
		if (!developers.isEmpty()) {
			found.add("developers (" + developers.size() + ")");
		}
		Element scm = child(project, "scm");
		List<String> scmParts = new ArrayList<>();
		for (String element : List.of("connection", "developerConnection", "url")) {
			if (scm == null || text(scm, element).isBlank()) {
				problem(where + "no <scm><" + element + ">");
			}
			else {
				scmParts.add(element);
			}
		}
		if (!scmParts.isEmpty()) {
			found.add("scm " + scmParts);
		}
		System.out.printf("    pom has  %s%n", String.join(", ", found));
		List<String> buildOnly = new ArrayList<>();
		for (String element : BUILD_ONLY_ELEMENTS) {
			if (child(project, element) != null) {
				buildOnly.add("<" + element + ">");
			}
		}
		if (!buildOnly.isEmpty()) {
			problem(where + "not a consumer POM, it has " + String.join(", ", buildOnly));
		}
		if (text.contains("${")) {
			problem(where + "a property left unresolved: " + text.substring(text.indexOf("${"), text.indexOf('}', text.indexOf("${")) + 1));
		}
		List<String> dependencies = new ArrayList<>();
		for (Element dependency : children(child(project, "dependencies"), "dependency")) {
			String coordinates = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
			String dependencyVersion = text(dependency, "version");
			String scope = text(dependency, "scope");
			if (dependencyVersion.isBlank()) {
				problem(where + "dependency " + coordinates + " has no <version>");
			}
			else if (dependencyVersion.endsWith("-SNAPSHOT") && !this.version.endsWith("-SNAPSHOT")) {
				problem(where + "dependency " + coordinates + " on a SNAPSHOT (" + dependencyVersion + ")");
			}
			if ("import".equals(scope)) {
				problem(where + "dependency " + coordinates + " has scope import");
			}
			if (this.groupId.equals(text(dependency, "groupId"))) {
				if (!this.version.equals(dependencyVersion)) {
					problem(where + "dependency " + coordinates + ":" + dependencyVersion + " is not version "
							+ this.version + " of this bundle");
				}
				if (!this.artifactIds.contains(text(dependency, "artifactId"))) {
					problem(where + "dependency " + coordinates + " is ours but not in the bundle");
				}
			}
			dependencies.add(coordinates + ":" + dependencyVersion
					+ ("true".equals(text(dependency, "optional")) ? " (optional)" : ""));
		}
		System.out.printf("    pom has  no %s; dependencies, each with its version:%n",
				String.join(", ", List.of(BUILD_ONLY_ELEMENTS)));
		dependencies.forEach((dependency) -> System.out.printf("               %s%n", dependency));
	}

	private void checkJars(String artifactId, Map<String, String> parts) throws IOException {
		Map<String, Map<String, byte[]>> jars = new LinkedHashMap<>();
		for (String part : List.of("jar", "sources", "javadoc")) {
			byte[] jar = this.entries.get(parts.get(part));
			if (jar == null) {
				continue;
			}
			Map<String, byte[]> content = unzip(jar);
			if (content.isEmpty()) {
				problem(artifactId + ": " + parts.get(part) + " is not a jar (or an empty one)");
				continue;
			}
			if (!part.equals("javadoc") && !content.containsKey("META-INF/LICENSE")) {
				problem(artifactId + ": " + parts.get(part) + " has no META-INF/LICENSE");
			}
			jars.put(part, content);
		}
		long classes = count(jars.get("jar"), ".class");
		long sources = count(jars.get("sources"), ".java");
		boolean javadocIndex = jars.containsKey("javadoc") && jars.get("javadoc").containsKey("index.html");
		if (classes > 0 && jars.containsKey("sources") && sources == 0) {
			problem(artifactId + ": the jar has " + classes + " classes but the sources jar no .java file");
		}
		if (classes > 0 && jars.containsKey("javadoc") && !javadocIndex) {
			problem(artifactId + ": the jar has " + classes + " classes but the javadoc jar no index.html");
		}
		System.out.printf("    jars     %d classes, %d sources, %s; META-INF/LICENSE in jar and sources%n", classes, sources,
				(classes == 0) ? "no code, so a javadoc jar with the licence only" : "javadoc index.html "
						+ (javadocIndex ? "present" : "MISSING"));
	}

	private void expectValue(String where, Element project, String element, String expected) {
		String actual = text(project, element);
		if (!expected.equals(actual)) {
			problem(where + "<" + element + "> is '" + actual + "', expected '" + expected + "'");
		}
	}

	private void problem(String problem) {
		this.problems.add(problem);
	}

	private static long count(Map<String, byte[]> jar, String suffix) {
		return (jar != null) ? jar.keySet().stream().filter((name) -> name.endsWith(suffix)).count() : 0;
	}

	private static Element child(Element parent, String name) {
		List<Element> children = children(parent, name);
		return children.isEmpty() ? null : children.get(0);
	}

	private static List<Element> children(Element parent, String name) {
		List<Element> children = new ArrayList<>();
		if (parent == null) {
			return children;
		}
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && name.equals(element.getTagName())) {
				children.add(element);
			}
		}
		return children;
	}

	private static String text(Element parent, String name) {
		Element child = child(parent, name);
		return (child != null) ? child.getTextContent().trim() : "";
	}

	private static Map<String, byte[]> read(Path zip) throws IOException {
		try (InputStream in = Files.newInputStream(zip)) {
			return unzip(in.readAllBytes());
		}
	}

	private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (!entry.isDirectory()) {
					entries.put(entry.getName(), in.readAllBytes());
				}
			}
		}
		return entries;
	}

}
