package dev.rusage.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * The Grafana dashboard {@code ops/grafana/rusage-dashboard.json}, read as Grafana reads
 * it: its panels (also those nested in collapsed rows), their query targets and its
 * template variables.
 */
final class RusageDashboard {

	private final DocumentContext json;

	private RusageDashboard(DocumentContext json) {
		this.json = json;
	}

	/**
	 * Reads the dashboard from the repository's {@code ops/} folder, which the build
	 * names in the system property {@code rusage.ops.dir}.
	 * @return the dashboard
	 */
	static RusageDashboard load() throws IOException {
		Path file = PromtoolTests.opsDirectory().resolve("grafana/rusage-dashboard.json");
		return new RusageDashboard(JsonPath.parse(Files.readString(file)));
	}

	/**
	 * Returns the value at a JSON path.
	 * @param <T> the type of the value
	 * @param path the path, such as {@code $.uid}
	 * @return the value
	 */
	<T> T read(String path) {
		return this.json.read(path);
	}

	/**
	 * Returns every panel that is not a row, including those inside collapsed rows.
	 * @return the panels as JSON objects
	 */
	List<Map<String, Object>> panels() {
		List<Map<String, Object>> top = this.json.read("$.panels[*]");
		return top.stream().flatMap((panel) -> {
			if ("row".equals(panel.get("type"))) {
				@SuppressWarnings("unchecked")
				List<Map<String, Object>> nested = (List<Map<String, Object>>) panel.getOrDefault("panels", List.of());
				return nested.stream();
			}
			return Stream.of(panel);
		}).toList();
	}

	/**
	 * Returns every query target of every panel.
	 * @return the targets
	 */
	@SuppressWarnings("unchecked")
	List<Target> targets() {
		return panels().stream()
			.flatMap((panel) -> ((List<Map<String, Object>>) panel.getOrDefault("targets", List.of())).stream()
				.map((target) -> new Target((String) panel.get("title"), (String) target.get("refId"),
						(String) target.get("expr"), (Map<String, Object>) target.get("datasource"))))
			.toList();
	}

	/**
	 * Returns the template variables, by name.
	 * @return the variables as JSON objects
	 */
	Map<String, Map<String, Object>> variables() {
		List<Map<String, Object>> list = this.json.read("$.templating.list[*]");
		return list.stream()
			.collect(Collectors.toMap((variable) -> (String) variable.get("name"), (variable) -> variable, (a, b) -> a,
					LinkedHashMap::new));
	}

	/**
	 * One query of a panel.
	 *
	 * @param panel the panel's title
	 * @param refId the query's letter within the panel
	 * @param expr the PromQL expression, with Grafana's variables
	 * @param datasource the query's data source reference
	 */
	record Target(String panel, String refId, String expr, Map<String, Object> datasource) {

		/**
		 * Returns how this target is named in messages: the panel's title and the letter.
		 * @return the name
		 */
		String name() {
			return this.panel + " / " + this.refId;
		}

	}

}
