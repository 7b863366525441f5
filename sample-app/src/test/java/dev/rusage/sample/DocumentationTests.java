package dev.rusage.sample;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.jayway.jsonpath.Configuration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.rusage.sample.MarkdownDocument.Block;
import dev.rusage.sample.MarkdownDocument.Link;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps README.md, CONTRIBUTING.md and docs/ true: their Java compiles (and the statement
 * snippets run), their links and anchors resolve, the configuration page lists exactly
 * the starter's properties, and the output captured from the sample
 * ({@code docs/capture.sh}) has the keys the sample answers with. The conventions are in
 * CONTRIBUTING.md, "Documentation checks".
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DocumentationTests {

	private static final Path ROOT = root();

	private static final Pattern TYPE_DECLARATION = Pattern.compile(
			"(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:public\\s+|final\\s+|abstract\\s+)*(class|record|interface|enum)\\s+(\\w+)");

	private static final Pattern PUBLIC_TYPE = Pattern
		.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

	private static final Pattern CAPTURE = Pattern.compile("GET (\\S+)(?: \\| grep (\\S+))?");

	private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s.*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void everyJavaSnippetCompilesAndEveryStatementSnippetRuns() throws Exception {
		List<Block> java = blocks().filter((block) -> block.language().equals("java"))
			.filter((block) -> !"snippet".equals(block.markerKind()) || !block.marker().startsWith("copy of "))
			.toList();
		assertThat(java).as("Java snippets in the documentation").hasSizeGreaterThan(3);
		for (Block block : java) {
			compileAndRun(block);
		}
	}

	@Test
	void everyCopiedSnippetIsTheCodeThatIsCompiled() throws IOException {
		List<Block> copies = blocks()
			.filter((block) -> "snippet".equals(block.markerKind()) && block.marker().startsWith("copy of "))
			.toList();
		assertThat(copies).as("copied snippets").isNotEmpty();
		for (Block block : copies) {
			Path source = ROOT.resolve(block.marker().substring("copy of ".length()));
			assertThat(source).as(block.where() + " copies a file").isRegularFile();
			String code = Files.readString(source)
				.replaceAll("(?m)^package .*;\\n\\n?", "")
				.replaceAll("(?s)/\\*\\*.*?\\*/\\n", "");
			assertThat(block.text().strip()).as(block.where() + " is " + source).isEqualTo(code.strip());
		}
	}

	@Test
	void everyRelativeLinkAndAnchorResolves() {
		List<String> broken = new ArrayList<>();
		for (MarkdownDocument document : documents()) {
			for (Link link : document.links()) {
				if (!link.isRelative()) {
					continue;
				}
				String target = link.target();
				int hash = target.indexOf('#');
				String file = (hash >= 0) ? target.substring(0, hash) : target;
				String anchor = (hash >= 0) ? target.substring(hash + 1) : null;
				Path resolved = file.isEmpty() ? document.path()
						: document.path().getParent().resolve(file).normalize();
				if (!Files.exists(resolved)) {
					broken.add(link.where() + ": " + target + " (no " + ROOT.relativize(resolved) + ")");
				}
				else if (anchor != null && (!resolved.toString().endsWith(".md")
						|| !MarkdownDocument.read(resolved).anchors().contains(anchor))) {
					broken.add(link.where() + ": " + target + " (no heading #" + anchor + ")");
				}
			}
		}
		assertThat(broken).as("broken links").isEmpty();
	}

	@Test
	void configurationPageListsExactlyThePropertiesOfTheMetadata() throws IOException {
		Set<String> metadata = new TreeSet<>();
		for (Object property : (List<?>) metadata().get("properties")) {
			metadata.add((String) ((Map<?, ?>) property).get("name"));
		}
		assertThat(metadata).as("the metadata's properties").contains("rusage.binding");
		Set<String> documented = new TreeSet<>();
		Path page = ROOT.resolve("docs/configuration.md");
		boolean inSection = false;
		for (String line : Files.readAllLines(page)) {
			if (line.startsWith("## ")) {
				inSection = line.equals("## The starter's properties");
			}
			else if (inSection && line.startsWith("| `")) {
				documented.add(line.substring(3, line.indexOf('`', 3)));
			}
		}
		assertThat(documented).as("the properties docs/configuration.md lists under \"The starter's properties\"")
			.isEqualTo(metadata);
	}

	@Test
	void everyCapturedResponseHasTheKeysOfTheSamplesAnswer() throws Exception {
		List<Block> captures = blocks().filter((block) -> "capture".equals(block.markerKind())).toList();
		assertThat(captures).as("captured blocks").hasSizeGreaterThan(3);
		for (int i = 0; i < 3; i++) {
			assertThat(get("/digest?rounds=1000").statusCode()).isEqualTo(200);
			assertThat(get("/ping").statusCode()).isEqualTo(200);
		}
		for (Block block : captures) {
			Matcher capture = CAPTURE.matcher(block.marker());
			assertThat(capture.matches()).as(block.where() + ": " + block.marker()).isTrue();
			String captured = block.text()
				.lines()
				.filter((line) -> !line.startsWith("$ "))
				.collect(Collectors.joining("\n"));
			String grep = capture.group(2);
			if (grep == null) {
				Set<String> live = jsonKeys(get(capture.group(1)).body());
				assertThat(jsonKeys(captured)).as(block.where() + ": the keys of " + capture.group(1))
					.isEqualTo(live)
					.isNotEmpty();
			}
			else {
				Set<String> expected = seriesKeys(captured, grep);
				assertThat(expected).as(block.where() + ": captured series").isNotEmpty();
				Set<String> live = Set.of();
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				// an observation stops after its response is written: its meter may lag
				while (!live.equals(expected) && System.nanoTime() < deadline) {
					live = seriesKeys(get(capture.group(1)).body(), grep);
					if (!live.equals(expected)) {
						Thread.sleep(50);
					}
				}
				assertThat(expected).as(block.where() + ": the series and labels of " + block.marker()).isEqualTo(live);
			}
		}
	}

	private void compileAndRun(Block block) throws Exception {
		String text = block.text();
		Matcher type = TYPE_DECLARATION.matcher(text);
		boolean unit = type.find();
		String className;
		String source;
		if (unit) {
			Matcher publicType = PUBLIC_TYPE.matcher(text);
			className = publicType.find() ? publicType.group(1) : "Snippet";
			source = text;
		}
		else {
			className = "Snippet";
			List<String> imports = new ArrayList<>();
			List<String> statements = new ArrayList<>();
			for (String line : text.lines().toList()) {
				(line.startsWith("import ") && statements.stream().allMatch(String::isBlank) ? imports : statements)
					.add(line);
			}
			source = String.join("\n", imports) + "\n\npublic class Snippet {\n\npublic static void run() throws "
					+ "Exception {\n" + String.join("\n", statements) + "\n}\n\n}\n";
		}
		Path directory = Files.createTempDirectory("snippet");
		Path file = directory.resolve(className + ".java");
		Files.writeString(file, source);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d",
					directory.toString(), "-proc:none", "-parameters");
			boolean compiled = compiler
				.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file.toFile()))
				.call();
			String errors = diagnostics.getDiagnostics()
				.stream()
				.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
				.map((diagnostic) -> "line " + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT))
				.collect(Collectors.joining("\n"));
			assertThat(compiled).as(block.where() + " compiles:\n" + errors + "\n" + source).isTrue();
		}
		if (!unit && !"compile-only".equals(block.marker())) {
			try (URLClassLoader loader = new URLClassLoader(new URL[] { directory.toUri().toURL() },
					getClass().getClassLoader())) {
				Method run = loader.loadClass(className).getMethod("run");
				run.invoke(null);
			}
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Set<String> jsonKeys(String json) {
		Set<String> keys = new TreeSet<>();
		collectKeys(Configuration.defaultConfiguration().jsonProvider().parse(json), "", keys);
		return keys;
	}

	private static void collectKeys(Object value, String prefix, Set<String> keys) {
		if (value instanceof Map<?, ?> object) {
			object.forEach((key, member) -> {
				keys.add(prefix + key);
				collectKeys(member, prefix + key + ".", keys);
			});
		}
		else if (value instanceof List<?> array) {
			array.forEach((element) -> collectKeys(element, prefix + "[].", keys));
		}
	}

	// a metric's name and its labels' names, one entry per distinct pair
	private static Set<String> seriesKeys(String exposition, String grep) {
		Pattern filter = Pattern.compile(grep);
		Set<String> keys = new TreeSet<>();
		exposition.lines().filter((line) -> filter.matcher(line).find()).forEach((line) -> {
			Matcher series = SERIES.matcher(line);
			assertThat(series.matches()).as("a series: " + line).isTrue();
			List<String> labels = new ArrayList<>();
			if (series.group(2) != null) {
				Matcher label = LABEL.matcher(series.group(2));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
			Collections.sort(labels);
			keys.add(series.group(1) + labels);
		});
		return keys;
	}

	private static Map<?, ?> metadata() throws IOException {
		List<URL> found = Collections.list(
				DocumentationTests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"));
		URL ours = found.stream()
			.filter((url) -> url.toString().contains("rusage-spring-boot-autoconfigure")
					|| url.toString().contains("/autoconfigure/target/classes/"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no configuration metadata of the autoconfigure module in " + found));
		try (InputStream in = ours.openStream()) {
			return (Map<?, ?>) Configuration.defaultConfiguration()
				.jsonProvider()
				.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private static Stream<Block> blocks() {
		return documents().stream().flatMap((document) -> document.blocks().stream());
	}

	static List<MarkdownDocument> documents() {
		List<MarkdownDocument> documents = new ArrayList<>();
		documents.add(MarkdownDocument.read(ROOT.resolve("README.md")));
		documents.add(MarkdownDocument.read(ROOT.resolve("CONTRIBUTING.md")));
		try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
			pages.filter((page) -> page.toString().endsWith(".md"))
				.sorted()
				.forEach((page) -> documents.add(MarkdownDocument.read(page)));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		return documents;
	}

	private static Path root() {
		Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
		Path root = Files.exists(module.resolve("README.md")) ? module : module.getParent();
		if (!Files.exists(root.resolve("docs"))) {
			throw new IllegalStateException("no docs/ next to README.md in " + root);
		}
		return root;
	}

}
