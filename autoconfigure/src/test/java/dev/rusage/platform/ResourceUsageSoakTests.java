package dev.rusage.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many calls in one JVM must not leak: resident memory and the JVM's native memory stay
 * flat after warm-up (2,000,000 calls, or a fifth of the run). Opt-in, because it takes
 * minutes: {@code benchmarks/scripts/reliability-soak.sh} runs it with
 * {@code -Drusage.soak.calls=10000000}, a pre-touched fixed-size heap (so heap growth
 * does not show as RSS) and {@code -XX:NativeMemoryTracking=summary}.
 */
@EnabledOnOs(OS.LINUX)
@EnabledIfSystemProperty(named = "rusage.soak.calls", matches = "\\d+")
class ResourceUsageSoakTests {

	private static final long MIB = 1024 * 1024;

	private static final int THREADS = 4;

	// a fresh set of threads per chunk: threads come and go, as in a server, and a read
	// must leave nothing of theirs behind
	private static final int CHUNKS = 100;

	private static final Pattern NMT_CATEGORY = Pattern
		.compile("^[-\\s]*(\\S[^(\\n]*?)\\s*\\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

	private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	private final AtomicLong errors = new AtomicLong();

	@Test
	void manyCallsDoNotGrowResidentOrNativeMemory() throws Exception {
		long calls = Long.getLong("rusage.soak.calls");
		Snapshot start = Snapshot.take();
		// the JIT compilers' memory settles after about 2,000,000 calls
		long warmUpCalls = Math.max(calls / 5, 2_000_000);
		run(warmUpCalls, CHUNKS / 5);
		Snapshot before = Snapshot.take();
		long startNanos = System.nanoTime();
		StringBuilder trend = new StringBuilder();
		long firstTenth = 0;
		for (int block = 0; block < 10; block++) {
			run(calls / 10, CHUNKS / 10);
			long rss = Snapshot.take().rss();
			firstTenth = (block == 0) ? rss : firstTenth;
			trend.append(' ').append(rss / 1024);
		}
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		Snapshot after = Snapshot.take();
		long rssGrowth = after.rss() - before.rss();
		long rssAnonGrowth = after.rssAnon() - before.rssAnon();
		long steadyGrowth = after.rss() - firstTenth;
		long nativeGrowth = after.nativeCommittedExcludingHeap() - before.nativeCommittedExcludingHeap();
		System.out.printf(
				"ResourceUsageSoakTests: %,d calls (+%,d warm-up) on %d threads x %d chunks, %d errors, %.1f s"
						+ " (%.2f us/call)%n",
				calls, warmUpCalls, THREADS, CHUNKS, this.errors.get(), seconds, seconds * 1e6 / calls);
		System.out.printf("  VmRSS   before warm-up %,d KiB%n", start.rss() / 1024);
		System.out.printf("  VmRSS   %,d -> %,d KiB (%+,d KiB); after each tenth, KiB:%s%n", before.rss() / 1024,
				after.rss() / 1024, rssGrowth / 1024, trend);
		System.out.printf("  VmRSS   growth over the last nine tenths %+,d KiB%n", steadyGrowth / 1024);
		System.out.printf("  RssAnon %,d -> %,d KiB (%+,d KiB)%n", before.rssAnon() / 1024, after.rssAnon() / 1024,
				rssAnonGrowth / 1024);
		System.out.printf("  RssFile %,d -> %,d KiB%n", before.rssFile() / 1024, after.rssFile() / 1024);
		if (before.nmt().isEmpty()) {
			System.out.println("  NMT     not enabled (-XX:NativeMemoryTracking=summary)");
		}
		else {
			System.out.printf("  NMT committed excluding Java heap %,d -> %,d KiB (%+,d KiB)%n",
					before.nativeCommittedExcludingHeap() / 1024, after.nativeCommittedExcludingHeap() / 1024,
					nativeGrowth / 1024);
			after.nmt().forEach((category, committed) -> {
				long growth = committed - before.nmt().getOrDefault(category, 0L);
				if (Math.abs(growth) >= 64 * 1024) {
					System.out.printf("    %-24s %+,d KiB%n", category, growth / 1024);
				}
			});
		}
		assertThat(this.errors.get()).isZero();
		assertThat(rssGrowth).as("VmRSS growth, bytes").isLessThanOrEqualTo(5 * MIB);
		assertThat(rssAnonGrowth).as("RssAnon growth, bytes").isLessThanOrEqualTo(5 * MIB);
		if (!before.nmt().isEmpty()) {
			assertThat(nativeGrowth).as("NMT committed growth outside the heap, bytes").isLessThanOrEqualTo(5 * MIB);
		}
	}

	private void run(long calls, int chunks) throws InterruptedException {
		long perThread = calls / chunks / THREADS;
		Who[] mix = Who.values();
		for (int chunk = 0; chunk < chunks; chunk++) {
			Thread[] threads = new Thread[THREADS];
			for (int t = 0; t < THREADS; t++) {
				threads[t] = new Thread(() -> {
					for (long i = 0; i < perThread; i++) {
						try {
							this.service.getrusage(mix[(int) (i & 3)]);
						}
						catch (RuntimeException ex) {
							this.errors.incrementAndGet();
						}
					}
				});
				threads[t].start();
			}
			for (Thread thread : threads) {
				thread.join();
			}
		}
	}

	private record Snapshot(long rss, long rssAnon, long rssFile, Map<String, Long> nmt) {

		static Snapshot take() throws IOException, JMException, InterruptedException {
			// twice, so that garbage of the run (results, ended threads) is collected
			System.gc();
			Thread.sleep(200);
			System.gc();
			Thread.sleep(200);
			String status = Files.readString(Path.of("/proc/self/status"));
			return new Snapshot(kib(status, "VmRSS") * 1024, kib(status, "RssAnon") * 1024,
					kib(status, "RssFile") * 1024, nativeMemory());
		}

		long nativeCommittedExcludingHeap() {
			return this.nmt.getOrDefault("Total", 0L) - this.nmt.getOrDefault("Java Heap", 0L);
		}

		private static long kib(String status, String key) {
			Matcher matcher = Pattern.compile("^" + key + ":\\s+(\\d+) kB", Pattern.MULTILINE).matcher(status);
			assertThat(matcher.find()).as(key + " in /proc/self/status").isTrue();
			return Long.parseLong(matcher.group(1));
		}

		private static Map<String, Long> nativeMemory() throws JMException {
			String summary = (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
						new Object[] { new String[] { "summary", "scale=KB" } },
						new String[] { String[].class.getName() });
			Map<String, Long> committed = new LinkedHashMap<>();
			Matcher total = NMT_TOTAL.matcher(summary);
			if (!total.find()) {
				return committed;
			}
			committed.put("Total", Long.parseLong(total.group(2)) * 1024);
			Matcher category = NMT_CATEGORY.matcher(summary);
			while (category.find()) {
				committed.put(category.group(1).trim(), Long.parseLong(category.group(3)) * 1024);
			}
			return committed;
		}

	}

}
