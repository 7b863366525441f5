package dev.rusage.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.management.OperatingSystemMXBean;

import dev.rusage.ResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.PlatformResourceUsageService;
import dev.rusage.platform.RusageStruct;

/**
 * Paired ratios, the figures that hold on a small shared machine: many short rounds, each
 * running a batch (about 20 ms) of every variant once, in shuffled order, and dividing
 * each by the C loop of the same round. Prints the median and quartiles of the per-round
 * ratios, then how {@code RUSAGE_SELF} grows with the process's thread count.
 * <p>
 * Arguments, all optional: {@code rounds=60 batchMillis=20 threads=20,200,1000
 * threadRounds=15}.
 */
public final class PairedRatios {

	private static final long WARMUP_NANOS = 400_000_000L;

	private static final Random RANDOM = new Random(42);

	private static final List<String> BINDINGS = List.of("ffm", "jna");

	/**
	 * Where results go so that the JIT cannot drop the calls (no fence, unlike a
	 * volatile).
	 */
	static final Object[] SINK = new Object[16];

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	// the Memory owns the native buffer: it is kept for as long as its address is used,
	// or JNA's cleaner frees it after a GC and the C loop writes into freed memory
	private final Memory cMemory = new Memory(144);

	private final long cBuffer = Pointer.nativeValue(this.cMemory);

	private final Memory bareMemory = new Memory(144);

	private final long bareBuffer = Pointer.nativeValue(this.bareMemory);

	private final LongBuffer bareWords = this.bareMemory.getByteBuffer(0, 144)
		.order(ByteOrder.nativeOrder())
		.asLongBuffer();

	private final StructureLibC.Rusage structure = new StructureLibC.Rusage();

	private final OperatingSystemMXBean operatingSystem = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final MeterScrape scrape = new MeterScrape();

	private final long batchNanos;

	private PairedRatios(long batchNanos) {
		this.batchNanos = batchNanos;
	}

	/**
	 * Runs the rounds and prints the ratios.
	 * @param args {@code name=value} settings, see the class description
	 */
	public static void main(String[] args) {
		Map<String, String> settings = new LinkedHashMap<>(
				Map.of("rounds", "60", "batchMillis", "20", "threads", "20,200,1000", "threadRounds", "15"));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			if (pair.length != 2 || !settings.containsKey(pair[0])) {
				throw new IllegalArgumentException(
						"Unknown argument '" + arg + "'; expected one of " + settings.keySet() + " as name=value");
			}
			settings.put(pair[0], pair[1]);
		}
		PairedRatios harness = new PairedRatios(Long.parseLong(settings.get("batchMillis")) * 1_000_000L);
		System.out.printf(Locale.ROOT,
				"Paired ratios: %s, %s %s, %d cores, %d live threads; getrusage(...) is the %s binding%n", settings,
				System.getProperty("java.vm.name"), System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), LiveThreads.count(), harness.service.binding());
		harness.pairedRatios(Integer.parseInt(settings.get("rounds")));
		for (String count : settings.get("threads").split(",")) {
			if (!count.isBlank()) {
				harness.threadScaling(Integer.parseInt(count.trim()), Integer.parseInt(settings.get("threadRounds")));
			}
		}
	}

	private List<Variant> variants() {
		List<Variant> variants = new ArrayList<>();
		variants.add(cLoop("C loop SELF", 0));
		variants.add(cLoop("C loop THREAD", 1));
		variants.add(cLoop("C loop CHILDREN", -1));
		variants.add(service("getrusage(SELF)", Who.SELF, "C loop SELF"));
		variants.add(service("getrusage(THREAD)", Who.THREAD, "C loop THREAD"));
		variants.add(service("getrusage(CHILDREN)", Who.CHILDREN, "C loop CHILDREN"));
		variants.add(service("getrusage(BOTH)", Who.BOTH, "C loop SELF"));
		for (String binding : BINDINGS) {
			if (Bindings.available(binding)) {
				variants.addAll(bindingVariants(binding));
			}
		}
		variants.add(new Variant("two getrusage(THREAD)", "C loop THREAD", 1, (n) -> {
			for (int i = 0; i < n; i++) {
				SINK[i & 15] = this.service.getrusage(Who.THREAD);
				SINK[(i + 1) & 15] = this.service.getrusage(Who.THREAD);
			}
		}));
		variants.add(new Variant("measure(() -> {})", "two getrusage(THREAD)", 1, (n) -> {
			for (int i = 0; i < n; i++) {
				SINK[i & 15] = this.service.measure(() -> {
				});
			}
		}));
		variants.add(new Variant("meter scrape (Prometheus, fresh)", "getrusage(SELF)", 1, (n) -> {
			for (int i = 0; i < n; i++) {
				SINK[i & 15] = this.scrape.scrape();
			}
		}));
		variants.add(new Variant("meter scrape (Prometheus, cached)", "getrusage(SELF)", 1, (n) -> {
			for (int i = 0; i < n; i++) {
				SINK[i & 15] = this.scrape.cachedScrape();
			}
		}));
		variants.add(new Variant("bare direct JNA SELF", "C loop SELF", 1, (n) -> {
			int sum = 0;
			for (int i = 0; i < n; i++) {
				sum += BareLibC.getrusage(0, this.bareBuffer);
			}
			SINK[0] = sum;
		}));
		variants.add(new Variant("bare direct JNA SELF + bulk read", "C loop SELF", 1, (n) -> {
			long[] words = new long[18];
			for (int i = 0; i < n; i++) {
				BareLibC.getrusage(0, this.bareBuffer);
				this.bareMemory.read(0, words, 0, words.length);
			}
			SINK[0] = words;
		}));
		variants.add(new Variant("bare direct JNA SELF + LongBuffer view read", "C loop SELF", 1, (n) -> {
			long[] words = new long[18];
			for (int i = 0; i < n; i++) {
				BareLibC.getrusage(0, this.bareBuffer);
				this.bareWords.get(0, words, 0, words.length);
			}
			SINK[0] = words;
		}));
		variants.add(new Variant("direct JNA Pointer + LastErrorException SELF", "C loop SELF", 1, (n) -> {
			int sum = 0;
			for (int i = 0; i < n; i++) {
				sum += CheckedLibC.getrusage(0, this.bareMemory);
			}
			SINK[0] = sum;
		}));
		variants.add(new Variant("bare direct JNA THREAD", "C loop THREAD", 1, (n) -> {
			int sum = 0;
			for (int i = 0; i < n; i++) {
				sum += BareLibC.getrusage(1, this.bareBuffer);
			}
			SINK[0] = sum;
		}));
		variants.add(new Variant("JNA interface + reused Structure", "C loop SELF", 1, (n) -> {
			for (int i = 0; i < n; i++) {
				StructureLibC.INSTANCE.getrusage(0, this.structure);
				SINK[i & 15] = this.structure.toResourceUsage(Who.SELF);
			}
		}));
		variants.add(new Variant("JNA interface + new Structure", "C loop SELF", 1, (n) -> {
			for (int i = 0; i < n; i++) {
				StructureLibC.Rusage usage = new StructureLibC.Rusage();
				StructureLibC.INSTANCE.getrusage(0, usage);
				SINK[i & 15] = usage.toResourceUsage(Who.SELF);
			}
		}));
		variants.add(new Variant("JDK getProcessCpuTime()", "C loop SELF", 1, (n) -> {
			long sum = 0;
			for (int i = 0; i < n; i++) {
				sum += this.operatingSystem.getProcessCpuTime();
			}
			SINK[0] = sum;
		}));
		variants.add(new Variant("JDK getCurrentThreadCpuTime()", "C loop THREAD", 1, (n) -> {
			long sum = 0;
			for (int i = 0; i < n; i++) {
				sum += this.threads.getCurrentThreadCpuTime();
			}
			SINK[0] = sum;
		}));
		return variants;
	}

	/**
	 * The service through one binding, and that binding's floor: one call into a reused
	 * struct, no fill, no checks, no record.
	 */
	private static List<Variant> bindingVariants(String binding) {
		ResourceUsageService service = Bindings.service(binding);
		RusageStruct struct = Bindings.binding(binding).allocate();
		List<Variant> variants = new ArrayList<>();
		for (Who who : List.of(Who.SELF, Who.THREAD)) {
			String loop = "C loop " + who;
			variants.add(new Variant(binding + " getrusage(" + who + ")", loop, 1, (n) -> {
				for (int i = 0; i < n; i++) {
					SINK[i & 15] = service.getrusage(who);
				}
			}));
			int value = (who == Who.SELF) ? 0 : 1;
			variants.add(new Variant(binding + " struct call " + who, loop, 1, (n) -> {
				int sum = 0;
				for (int i = 0; i < n; i++) {
					sum += struct.getrusage(value);
				}
				SINK[0] = sum;
			}));
		}
		return variants;
	}

	private Variant cLoop(String name, int who) {
		return new Variant(name, name, RusageLoop.CALLS, (n) -> {
			for (int i = 0; i < n; i += RusageLoop.CALLS) {
				RusageLoop.run(who, RusageLoop.CALLS, this.cBuffer);
			}
		});
	}

	private Variant service(String name, Who who, String reference) {
		return new Variant(name, reference, 1, (n) -> {
			for (int i = 0; i < n; i++) {
				SINK[i & 15] = this.service.getrusage(who);
			}
		});
	}

	private void pairedRatios(int rounds) {
		List<Variant> variants = variants();
		this.scrape.resetCount();
		Map<String, double[]> nanos = run(variants, rounds);
		System.out.println();
		System.out
			.println(this.scrape.callsPerScrape() + "; " + this.scrape.rusageSeries() + " rusage series per scrape");
		System.out.println();
		System.out.printf(Locale.ROOT, "%-46s %10s   %-18s %s%n", "variant", "ns/op", "÷ reference", "median [q1, q3]");
		for (Variant variant : variants) {
			double[] ratios = ratios(nanos.get(variant.name()), nanos.get(variant.reference()), 1);
			System.out.printf(Locale.ROOT, "%-46s %10.1f   %-18s %s%n", variant.name(),
					median(nanos.get(variant.name())), variant.reference(),
					variant.name().equals(variant.reference()) ? "" : quartiles(ratios));
		}
		System.out.println();
		System.out.println("Targets, paired per round: median [q1, q3]");
		target(nanos, "getrusage(SELF) ÷ C loop SELF (≤ 1.6)", "getrusage(SELF)", "C loop SELF", 1);
		target(nanos, "getrusage(SELF) ÷ bare direct JNA SELF (≤ 1.10)", "getrusage(SELF)", "bare direct JNA SELF", 1);
		target(nanos, "getrusage(SELF) ÷ JNA interface + reused Structure (≤ 0.40)", "getrusage(SELF)",
				"JNA interface + reused Structure", 1);
		target(nanos, "getrusage(SELF) ÷ JNA interface + new Structure (what most code does)", "getrusage(SELF)",
				"JNA interface + new Structure", 1);
		target(nanos, "getrusage(THREAD) ÷ C loop THREAD (≤ 1.8)", "getrusage(THREAD)", "C loop THREAD", 1);
		target(nanos, "getrusage(THREAD) ÷ bare direct JNA THREAD", "getrusage(THREAD)", "bare direct JNA THREAD", 1);
		target(nanos, "measure(() -> {}) ÷ two getrusage(THREAD) (≤ 2.2)", "measure(() -> {})", "two getrusage(THREAD)",
				1);
		target(nanos, "measure(() -> {}) ÷ one getrusage(THREAD)", "measure(() -> {})", "getrusage(THREAD)", 1);
		target(nanos, "meter scrape, fresh ÷ cached (the system calls' share)", "meter scrape (Prometheus, fresh)",
				"meter scrape (Prometheus, cached)", 1);
		target(nanos, "bare direct JNA SELF ÷ C loop SELF", "bare direct JNA SELF", "C loop SELF", 1);
		target(nanos, "ffm getrusage(SELF) ÷ C loop SELF (≤ 1.15, stretch 1.10)", "ffm getrusage(SELF)", "C loop SELF",
				1);
		target(nanos, "ffm getrusage(THREAD) ÷ C loop THREAD (≤ 1.25)", "ffm getrusage(THREAD)", "C loop THREAD", 1);
		target(nanos, "ffm getrusage(SELF) ÷ ffm struct call SELF", "ffm getrusage(SELF)", "ffm struct call SELF", 1);
		target(nanos, "jna getrusage(SELF) ÷ bare direct JNA SELF (≤ 1.05)", "jna getrusage(SELF)",
				"bare direct JNA SELF", 1);
		target(nanos, "jna getrusage(THREAD) ÷ bare direct JNA THREAD (≤ 1.10)", "jna getrusage(THREAD)",
				"bare direct JNA THREAD", 1);
		System.out
			.println("Cost above the system call (ns above C loop SELF, paired; ffm SELF ≤ 100): median [q1, q3]");
		for (String name : List.of("getrusage(SELF)", "ffm getrusage(SELF)", "ffm struct call SELF",
				"jna getrusage(SELF)", "jna struct call SELF", "bare direct JNA SELF",
				"JNA interface + reused Structure", "JNA interface + new Structure")) {
			if (!nanos.containsKey(name)) {
				continue;
			}
			double[] above = new double[rounds];
			for (int i = 0; i < rounds; i++) {
				above[i] = nanos.get(name)[i] - nanos.get("C loop SELF")[i];
			}
			System.out.printf(Locale.ROOT, "  %-64s %s%n", name, quartiles(above));
		}
	}

	private void threadScaling(int count, int rounds) {
		try (LiveThreads parked = LiveThreads.topUpTo(count)) {
			List<Variant> variants = variants().stream()
				.filter((variant) -> List
					.of("C loop SELF", "C loop THREAD", "getrusage(SELF)", "getrusage(THREAD)", "bare direct JNA SELF")
					.contains(variant.name()))
				.toList();
			Map<String, double[]> nanos = run(variants, rounds);
			System.out.println();
			System.out.printf(Locale.ROOT,
					"%d live threads: C SELF %.0f ns, getrusage(SELF) %.0f ns (÷ C %s), "
							+ "C THREAD %.0f ns, getrusage(THREAD) %.0f ns (÷ C %s)%n",
					LiveThreads.count(), median(nanos.get("C loop SELF")), median(nanos.get("getrusage(SELF)")),
					quartiles(ratios(nanos.get("getrusage(SELF)"), nanos.get("C loop SELF"), 1)),
					median(nanos.get("C loop THREAD")), median(nanos.get("getrusage(THREAD)")),
					quartiles(ratios(nanos.get("getrusage(THREAD)"), nanos.get("C loop THREAD"), 1)));
		}
	}

	/** Warms up, sizes each batch to the batch time, then runs the rounds. */
	private Map<String, double[]> run(List<Variant> variants, int rounds) {
		Map<String, Integer> batch = new LinkedHashMap<>();
		for (Variant variant : variants) {
			long perCall = warmUp(variant);
			int calls = (int) Math.max(1, this.batchNanos / Math.max(1, perCall) / variant.unit()) * variant.unit();
			batch.put(variant.name(), calls);
		}
		Map<String, double[]> nanos = new LinkedHashMap<>();
		variants.forEach((variant) -> nanos.put(variant.name(), new double[rounds]));
		List<Variant> order = new ArrayList<>(variants);
		for (int round = 0; round < rounds; round++) {
			Collections.shuffle(order, RANDOM);
			for (Variant variant : order) {
				int calls = batch.get(variant.name());
				long start = System.nanoTime();
				variant.calls().run(calls);
				nanos.get(variant.name())[round] = (System.nanoTime() - start) / (double) calls;
			}
		}
		return nanos;
	}

	/**
	 * Runs a variant for a while so that it is compiled; returns its cost per call, ns.
	 */
	private static long warmUp(Variant variant) {
		long deadline = System.nanoTime() + WARMUP_NANOS / 4;
		int calls = variant.unit();
		long perCall = 1;
		while (System.nanoTime() < deadline) {
			long start = System.nanoTime();
			variant.calls().run(calls);
			perCall = Math.max(1, (System.nanoTime() - start) / calls);
			if (calls < 100_000) {
				calls *= 2;
			}
		}
		return perCall;
	}

	private static void target(Map<String, double[]> nanos, String label, String numerator, String denominator,
			int times) {
		if (!nanos.containsKey(numerator) || !nanos.containsKey(denominator)) {
			System.out.printf(Locale.ROOT, "  %-64s %s%n", label, "not run (that binding is unavailable here)");
			return;
		}
		System.out.printf(Locale.ROOT, "  %-64s %s%n", label,
				quartiles(ratios(nanos.get(numerator), nanos.get(denominator), times)));
	}

	private static double[] ratios(double[] numerator, double[] denominator, int times) {
		double[] ratios = new double[numerator.length];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = numerator[i] / (denominator[i] * times);
		}
		return ratios;
	}

	private static String quartiles(double[] values) {
		return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", percentile(values, 50), percentile(values, 25),
				percentile(values, 75));
	}

	private static double median(double[] values) {
		return percentile(values, 50);
	}

	private static double percentile(double[] values, double percent) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		double position = (sorted.length - 1) * percent / 100;
		int below = (int) Math.floor(position);
		int above = Math.min(below + 1, sorted.length - 1);
		return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
	}

	/** Runs {@code n} calls of one variant. */
	@FunctionalInterface
	interface Calls {

		void run(int n);

	}

	/**
	 * One thing to time.
	 *
	 * @param name its label
	 * @param reference the variant it is divided by, in the same round
	 * @param unit calls per batch are a multiple of this
	 * @param calls the batch
	 */
	record Variant(String name, String reference, int unit, Calls calls) {
	}

}
