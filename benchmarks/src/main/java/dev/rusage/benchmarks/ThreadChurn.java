package dev.rusage.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.PlatformResourceUsageService;

/**
 * Thread churn: many short-lived threads, each reading {@code getrusage(SELF)} once, as a
 * server with a virtual thread per request does. Prints calls per second, the peak
 * resident set size and the resident set size after two full GCs, next to the same number
 * of threads that read nothing, so that what the service itself costs or keeps shows as
 * the difference.
 * <p>
 * Usage: {@code ThreadChurn virtual|platform [threads=1000000] [concurrency=64]}. Virtual
 * threads need Java 21+.
 */
public final class ThreadChurn {

	private ThreadChurn() {
	}

	public static void main(String[] args) throws Exception {
		String kind = (args.length > 0) ? args[0] : "platform";
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000_000;
		int concurrency = (args.length > 2) ? Integer.parseInt(args[2]) : 64;
		ResourceUsageService service = PlatformResourceUsageService.create();
		System.out.printf("thread churn: %,d %s threads, %d at a time, binding %s, Java %s%n", threads, kind,
				concurrency, service.binding(), Runtime.version());
		// warm up both paths
		run(kind, 20_000, concurrency, service, true);
		run(kind, 20_000, concurrency, service, false);
		Result idle = run(kind, threads, concurrency, service, false);
		gc();
		long rssAfterIdle = status("VmRSS");
		Result reading = run(kind, threads, concurrency, service, true);
		gc();
		long rssAfterReading = status("VmRSS");
		System.out.printf("  threads that read nothing: %,.0f threads/s%n", idle.perSecond);
		System.out.printf("  threads that read SELF:    %,.0f calls/s (%.2f x the empty threads' time)%n",
				reading.perSecond, idle.perSecond / reading.perSecond);
		System.out.printf(
				"  VmHWM (peak RSS) %,d KiB; VmRSS after 2 full GCs: %,d KiB after the empty threads,"
						+ " %,d KiB after the reading ones (%+,d KiB)%n",
				status("VmHWM"), rssAfterIdle, rssAfterReading, rssAfterReading - rssAfterIdle);
		long limitKib = Long.getLong("rusage.churn.limit.kib", 32 * 1024);
		if (rssAfterReading - rssAfterIdle > limitKib) {
			System.out.printf("FAIL: the reading threads left %,d KiB more resident memory than the empty ones"
					+ " (limit %,d KiB)%n", rssAfterReading - rssAfterIdle, limitKib);
			System.exit(1);
		}
	}

	private static Result run(String kind, int threads, int concurrency, ResourceUsageService service, boolean read)
			throws Exception {
		AtomicLong sink = new AtomicLong();
		Runnable task = read ? () -> sink.addAndGet(service.getrusage(Who.SELF).minorPageFaults())
				: () -> sink.incrementAndGet();
		ThreadFactory factory = factory(kind);
		long start = System.nanoTime();
		Thread[] batch = new Thread[concurrency];
		for (int i = 0; i < threads; i += concurrency) {
			int size = Math.min(concurrency, threads - i);
			for (int j = 0; j < size; j++) {
				batch[j] = factory.newThread(task);
				batch[j].start();
			}
			for (int j = 0; j < size; j++) {
				batch[j].join();
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Result(threads / seconds);
	}

	private static ThreadFactory factory(String kind) throws ReflectiveOperationException {
		if ("virtual".equals(kind)) {
			// Thread.ofVirtual() is Java 21 API; this module compiles for Java 17
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Object builder = ofVirtual.invoke(null);
			Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
			return (ThreadFactory) factory.invoke(builder);
		}
		return Thread::new;
	}

	private static void gc() {
		for (int i = 0; i < 2; i++) {
			ManagementFactory.getMemoryMXBean().gc();
		}
	}

	private static long status(String key) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith(key + ":")) {
				return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
			}
		}
		return -1;
	}

	private record Result(double perSecond) {
	}

}
