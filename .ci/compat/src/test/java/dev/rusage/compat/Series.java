package dev.rusage.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample line of a Prometheus text scrape: {@code name{label="value",...} value}.
 *
 * @param name the sample's name
 * @param labels its labels, in the order of the line
 * @param value its value
 * @param line the line as scraped
 */
record Series(String name, Map<String, String> labels, double value, String line) {

	private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\d+)?");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	/**
	 * Returns the samples of a scrape named {@code name} whose labels include
	 * {@code label=value}, or every sample of that name when {@code label} is null.
	 */
	static List<Series> of(String scrape, String name, String label, String value) {
		return scrape.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.map(Series::parse)
			.filter((series) -> label == null || value.equals(series.labels().get(label)))
			.toList();
	}

	static Series parse(String line) {
		Matcher matcher = LINE.matcher(line);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a Prometheus sample line: " + line);
		}
		Map<String, String> labels = new LinkedHashMap<>();
		if (matcher.group(2) != null) {
			Matcher label = LABEL.matcher(matcher.group(2));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
		}
		return new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(3)), line);
	}

}
