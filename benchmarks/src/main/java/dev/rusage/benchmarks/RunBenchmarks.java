package dev.rusage.benchmarks;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with its usual command-line options, then prints the figures the project
 * tracks: the median of the measurement iterations of each benchmark, bytes allocated per
 * operation (with {@code -prof gc}), and the ratios between benchmarks of the same run.
 */
public final class RunBenchmarks {

	private RunBenchmarks() {
	}

	/**
	 * Runs the benchmarks selected by the JMH command line and prints the summary.
	 * @param args JMH's command-line options
	 * @throws Exception if JMH fails
	 */
	public static void main(String[] args) throws Exception {
		Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
		print(results, System.out);
	}

	static void print(Collection<RunResult> results, PrintStream out) {
		Map<String, Figure> figures = new TreeMap<>();
		for (RunResult result : results) {
			String method = result.getParams().getBenchmark();
			method = method.substring(method.lastIndexOf('.') + 1);
			String threads = result.getParams().getParam("liveThreads");
			String binding = result.getParams().getParam("binding");
			String key = (threads != null) ? method + "@" + threads : method;
			key = (binding != null) ? binding + " " + key : key;
			figures.put(key,
					new Figure(result.getPrimaryResult().getStatistics().getPercentile(50), allocation(result)));
		}
		out.println();
		out.println("Medians of the measurement iterations (ns/op; B/op with -prof gc)");
		figures.forEach((name, figure) -> out.printf(Locale.ROOT, "  %-36s %12.1f ns %10s%n", name, figure.nanos(),
				Double.isNaN(figure.bytes()) ? "" : String.format(Locale.ROOT, "%.0f B", figure.bytes())));
		out.println();
		out.println("Ratios, same run (sequential JMH; see PairedRatios for the paired figures)");
		ratio(out, figures, "getrusage(SELF) / C loop SELF", "serviceSelf", "cLoopSelf", 1);
		ratio(out, figures, "getrusage(SELF) / bare direct JNA", "serviceSelf", "bareJnaSelf", 1);
		ratio(out, figures, "getrusage(SELF) / JNA interface + reused Structure", "serviceSelf", "structureSelf", 1);
		ratio(out, figures, "getrusage(SELF) / JNA interface + new Structure", "serviceSelf", "structureNewSelf", 1);
		ratio(out, figures, "getrusage(THREAD) / C loop THREAD", "serviceThread", "cLoopThread", 1);
		ratio(out, figures, "getrusage(CHILDREN) / C loop CHILDREN", "serviceChildren", "cLoopChildren", 1);
		ratio(out, figures, "measure(() -> {}) / (2 x getrusage(THREAD))", "serviceMeasure", "serviceThread", 2);
		ratio(out, figures, "measure(() -> {}) / two getrusage(THREAD) calls", "serviceMeasure", "serviceThreadTwice",
				1);
		ratio(out, figures, "meter scrape / getrusage(SELF)", "meterScrape", "serviceSelf", 1);
		ratio(out, figures, "meter scrape / cached meter scrape", "meterScrape", "meterScrapeCached", 1);
		for (String binding : new String[] { "ffm", "jna" }) {
			ratio(out, figures, binding + " getrusage(SELF) / C loop SELF", binding + " serviceSelf", "cLoopSelf", 1);
			ratio(out, figures, binding + " getrusage(THREAD) / C loop THREAD", binding + " serviceThread",
					"cLoopThread", 1);
			ratio(out, figures, binding + " getrusage(SELF) / its struct's call", binding + " serviceSelf",
					binding + " structSelf", 1);
			ratio(out, figures, binding + " getrusage(THREAD) / its struct's call", binding + " serviceThread",
					binding + " structThread", 1);
		}
		ratio(out, figures, "jna getrusage(SELF) / bare direct JNA", "jna serviceSelf", "bareJnaSelf", 1);
		ratio(out, figures, "jna getrusage(THREAD) / bare direct JNA", "jna serviceThread", "bareJnaThread", 1);
		for (String threads : new String[] { "20", "200", "1000" }) {
			ratio(out, figures, "getrusage(SELF) / C loop SELF, " + threads + " threads", "serviceSelf@" + threads,
					"cLoopSelf@" + threads, 1);
		}
		if (figures.containsKey("handler") || figures.containsKey("observationWithHandler")) {
			printObservation(out, figures);
		}
	}

	private static void printObservation(PrintStream out, Map<String, Figure> figures) {
		out.println();
		out.println("The observation handler, same run");
		ratio(out, figures, "observation handler / two getrusage(THREAD) calls", "handler", "twoThreadReads", 1);
		ratio(out, figures, "handler with every counter / two getrusage(THREAD) calls", "handlerWithCounters",
				"twoThreadReads", 1);
		ratio(out, figures, "observation with handler / without", "observationWithHandler", "observationWithoutHandler",
				1);
		out.println("  differences (ns/op, B/op; issue 19's target: the handler's own allocation, with handler -");
		out.println("  without, at most 100 B):");
		difference(out, figures, "observation handler - two clock reads", "handler", "twoClockReads");
		difference(out, figures, "observation handler - two getrusage(THREAD) calls", "handler", "twoThreadReads");
		difference(out, figures, "handler with every counter - two getrusage(THREAD)", "handlerWithCounters",
				"twoThreadReads");
		difference(out, figures, "observation with handler - without", "observationWithHandler",
				"observationWithoutHandler");
		difference(out, figures, "observation with bare clock handler - without", "observationWithBareClockHandler",
				"observationWithoutHandler");
		difference(out, figures, "observation with handler - with bare clock handler", "observationWithHandler",
				"observationWithBareClockHandler");
	}

	private static void ratio(PrintStream out, Map<String, Figure> figures, String label, String numerator,
			String denominator, int times) {
		Figure top = figures.get(numerator);
		Figure bottom = figures.get(denominator);
		if (top != null && bottom != null) {
			out.printf(Locale.ROOT, "  %-52s %6.2f%n", label, top.nanos() / (bottom.nanos() * times));
		}
	}

	private static void difference(PrintStream out, Map<String, Figure> figures, String label, String minuend,
			String subtrahend) {
		Figure top = figures.get(minuend);
		Figure bottom = figures.get(subtrahend);
		if (top != null && bottom != null) {
			double bytes = top.bytes() - bottom.bytes();
			out.printf(Locale.ROOT, "  %-52s %6.0f ns %8s%n", label, top.nanos() - bottom.nanos(),
					Double.isNaN(bytes) ? "" : String.format(Locale.ROOT, "%.0f B", bytes));
		}
	}

	private static double allocation(RunResult result) {
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
				return entry.getValue().getStatistics().getPercentile(50);
			}
		}
		return Double.NaN;
	}

	private record Figure(double nanos, double bytes) {
	}

}
