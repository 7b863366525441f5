package dev.rusage.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A Markdown file of the project's documentation as the checks read it: its fenced code
 * blocks (each with the HTML comment that marks it, if any), the anchors of its headings
 * as GitHub makes them, and the targets of its links, as CONTRIBUTING.md, "Documentation
 * checks", describes them.
 */
final class MarkdownDocument {

	private static final Pattern FENCE = Pattern.compile("^(`{3,})\\s*([\\w-]*).*$");

	private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern MARKER = Pattern.compile("^<!--\\s*(snippet|capture):\\s*(.*?)\\s*-->$");

	private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

	private static final Pattern LINK = Pattern
		.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private final Path path;

	private final List<String> lines;

	private final List<Block> blocks = new ArrayList<>();

	private final Set<String> anchors = new LinkedHashSet<>();

	private final List<Link> links = new ArrayList<>();

	private MarkdownDocument(Path path, List<String> lines) {
		this.path = path;
		this.lines = lines;
		parse();
	}

	static MarkdownDocument read(Path path) {
		try {
			return new MarkdownDocument(path, Files.readAllLines(path, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path path() {
		return this.path;
	}

	List<Block> blocks() {
		return this.blocks;
	}

	Set<String> anchors() {
		return this.anchors;
	}

	List<Link> links() {
		return this.links;
	}

	private void parse() {
		Map<String, Integer> slugs = new HashMap<>();
		String marker = null;
		String markerKind = null;
		for (int i = 0; i < this.lines.size(); i++) {
			String line = this.lines.get(i);
			Matcher fence = FENCE.matcher(line);
			if (fence.matches()) {
				int end = i + 1;
				while (end < this.lines.size() && !this.lines.get(end).startsWith(fence.group(1))) {
					end++;
				}
				this.blocks.add(new Block(this.path, i + 1, fence.group(2), markerKind, marker,
						String.join("\n", this.lines.subList(i + 1, Math.min(end, this.lines.size())))));
				marker = null;
				markerKind = null;
				i = end;
				continue;
			}
			Matcher comment = MARKER.matcher(line.trim());
			if (comment.matches()) {
				markerKind = comment.group(1);
				marker = comment.group(2);
				continue;
			}
			if (!line.isBlank()) {
				marker = null;
				markerKind = null;
			}
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String slug = slug(heading.group(2));
				int seen = slugs.merge(slug, 1, Integer::sum);
				this.anchors.add((seen == 1) ? slug : slug + "-" + (seen - 1));
			}
			Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
			while (link.find()) {
				this.links.add(new Link(this.path, i + 1, link.group(1)));
			}
		}
	}

	/**
	 * Returns the anchor GitHub gives a heading: its text as rendered (links reduced to
	 * their text), lowercased, with everything but letters, digits, spaces, hyphens and
	 * underscores removed and each space made a hyphen.
	 * @param heading the heading's Markdown text
	 * @return the anchor, without {@code #}
	 */
	static String slug(String heading) {
		String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
	}

	/**
	 * A fenced code block.
	 *
	 * @param path the file that holds it
	 * @param line the line of its opening fence, from 1
	 * @param language the fence's info string, such as {@code java}
	 * @param markerKind {@code snippet} or {@code capture} if the block is marked
	 * @param marker what the marking comment says after its kind
	 * @param text the block's lines
	 */
	record Block(Path path, int line, String language, @Nullable String markerKind, @Nullable String marker,
			String text) {

		String where() {
			return this.path.getFileName() + ":" + this.line;
		}

	}

	/**
	 * A link of the document.
	 *
	 * @param path the file that holds it
	 * @param line its line, from 1
	 * @param target what it points to
	 */
	record Link(Path path, int line, String target) {

		boolean isRelative() {
			return !this.target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
		}

		String where() {
			return this.path.getFileName() + ":" + this.line;
		}

	}

}
