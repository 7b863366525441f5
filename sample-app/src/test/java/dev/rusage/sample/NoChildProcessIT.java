package dev.rusage.sample;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample jar in a JVM of its own, started by exec and so with no children of
 * its own, reads every {@code who} and scrapes Prometheus, and checks that
 * {@code children} is still all zero: the starter starts no process. Where {@code strace}
 * is installed (CI requires it) the sample runs under it and the trace must show no
 * process created and no program executed but {@code java} itself.
 */
@EnabledOnOs(OS.LINUX)
class NoChildProcessIT {

	private static final Pattern CHILDREN_SERIES = Pattern
		.compile("^(process_rusage_\\w+)\\{([^}]*who=\"children\"[^}]*)\\} (\\S+)$", Pattern.MULTILINE);

	private static final Pattern PROCESS_CALL = Pattern.compile("^\\d+ +(execve|clone3?|v?fork)\\(.*$",
			Pattern.MULTILINE);

	@TempDir
	Path temp;

	@Test
	void sampleWithEveryWhoReadAndScrapedHasNoChildrenAndStartsNoProcess() throws Exception {
		Optional<String> strace = SampleProcess.strace();
		Path trace = this.temp.resolve("process-calls.strace");
		SampleProcess.Builder builder = SampleProcess.jar(this.temp);
		strace.ifPresent((program) -> builder.commandPrefix(program, "-f", "--seccomp-bpf", "-qq", "-s", "256", "-o",
				trace.toString(), "-e", "trace=execve,clone,clone3,fork,vfork"));
		try (SampleProcess sample = builder.start()) {
			for (String who : List.of("self", "thread", "both")) {
				assertThat(sample.get("/actuator/rusage/" + who).statusCode()).as(who).isEqualTo(200);
			}
			assertThat(sample.get("/digest?rounds=1000").statusCode()).isEqualTo(200);
			HttpResponse<String> scrape = sample.get("/actuator/prometheus", "text/plain");
			assertThat(scrape.statusCode()).isEqualTo(200);
			HttpResponse<String> children = sample.get("/actuator/rusage/children");
			assertThat(children.statusCode()).isEqualTo(200);
			System.out.println("NoChildProcessIT children: " + children.body());
			Map<String, Object> usage = JsonPath.read(children.body(), "$");
			assertThat(usage).containsEntry("who", "children").containsKeys("ru_utime", "ru_maxrss", "ru_minflt");
			usage.forEach((key, value) -> {
				if (key.startsWith("ru_") || key.equals("maxrss_bytes")) {
					assertThat(((Number) value).doubleValue()).as(key).isZero();
				}
			});
			Matcher series = CHILDREN_SERIES.matcher(scrape.body());
			int count = 0;
			while (series.find()) {
				count++;
				assertThat(Double.parseDouble(series.group(3))).as(series.group(1) + "{" + series.group(2) + "}")
					.isZero();
			}
			assertThat(count).as("process_rusage_* series with who=\"children\"").isEqualTo(9);
			// the kernel's own accounting agrees: cutime and cstime of /proc/PID/stat
			String stat = Files.readString(Path.of("/proc", Long.toString(sample.pid()), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			assertThat(fields[16 - 3]).as("cutime").isEqualTo("0");
			assertThat(fields[17 - 3]).as("cstime").isEqualTo("0");
		}
		if (strace.isPresent()) {
			assertStartedNoProcess(Files.readString(trace));
		}
		else {
			System.out.println("NoChildProcessIT: no strace on the PATH, so the process calls were not traced");
		}
	}

	private void assertStartedNoProcess(String trace) {
		Matcher call = PROCESS_CALL.matcher(trace);
		int threads = 0;
		List<String> executed = new ArrayList<>();
		List<String> processes = new ArrayList<>();
		while (call.find()) {
			String line = call.group();
			if (call.group(1).equals("execve")) {
				executed.add(line);
			}
			else if (line.contains("CLONE_THREAD")) {
				threads++;
			}
			else {
				processes.add(line);
			}
		}
		assertThat(threads).as("threads created (the trace works)").isPositive();
		assertThat(processes).as("processes created").isEmpty();
		assertThat(executed).as("programs executed")
			.singleElement()
			.satisfies((line) -> assertThat(line)
				.contains("execve(\"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\""));
		System.out.println("NoChildProcessIT: " + threads + " threads, no process, one execve (java)");
	}

}
