package dev.rusage.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.RusageField;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PlatformResourceUsageService} calling the real kernel: plausibility of
 * every field, the raw {@code who} values, {@code RUSAGE_BOTH} and the page size.
 */
@EnabledOnOs(OS.LINUX)
class PlatformResourceUsageServiceTests {

	private static final RusageField[] LINUX_UNMAINTAINED = { RusageField.IXRSS, RusageField.IDRSS, RusageField.ISRSS,
			RusageField.NSWAP, RusageField.MSGSND, RusageField.MSGRCV, RusageField.NSIGNALS };

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	@Test
	void createOnLinuxReturnsAnAvailableService() {
		assertThat(this.service).isInstanceOf(PlatformResourceUsageService.class);
		assertThat(this.service.isAvailable()).isTrue();
		assertThat(this.service.toString()).startsWith("PlatformResourceUsageService[Linux, ");
	}

	@Test
	void createUsesTheBindingTheSystemPropertyNamesOrFfmOnJava22AndLaterOrJna() {
		// -Drusage.binding=jna on Java 25 runs these tests through JNA; unset, through
		// ffm,
		// which a build on JDK 22+ always has
		String named = System.getProperty("rusage.binding", "auto");
		String expected = !named.equals("auto") ? named : (Runtime.version().feature() >= 22) ? "ffm" : "jna";
		assertThat(this.service.binding()).isEqualTo(expected);
		System.out.println("PlatformResourceUsageServiceTests: binding " + this.service.binding() + " on Java "
				+ Runtime.version().feature());
	}

	@Test
	void getrusageOfSelfIsPlausible() throws IOException {
		ResourceUsage usage = this.service.getrusage(Who.SELF);
		assertThat(usage.who()).isEqualTo(Who.SELF);
		// a JVM that has loaded JUnit has used CPU in both modes
		assertThat(usage.userTimeMicros()).isPositive();
		assertThat(usage.systemTimeMicros()).isPositive();
		// more than 10 MiB and less than the machine's memory, in KiB
		assertThat(usage.maxResidentSetSize()).isBetween(10L * 1024, memTotalKib());
		assertThat(usage.maxResidentSetSizeUnit()).isEqualTo(1024);
		assertThat(usage.maxResidentSetSizeBytes()).isEqualTo(usage.maxResidentSetSize() * 1024);
		assertThat(usage.minorPageFaults()).isGreaterThan(1000);
		assertThat(usage.majorPageFaults()).isNotNegative();
		assertThat(usage.blockInputOperations()).isNotNegative();
		assertThat(usage.blockOutputOperations()).isNotNegative();
		assertThat(usage.voluntaryContextSwitches()).isPositive();
		assertThat(usage.involuntaryContextSwitches()).isNotNegative();
		for (RusageField field : LINUX_UNMAINTAINED) {
			assertThat(usage.get(field)).as(field.fieldName()).isEqualTo(0L);
		}
	}

	@Test
	void getrusageOfThreadIsPlausible() throws IOException {
		ThreadCpu.burn(Duration.ofMillis(20));
		ResourceUsage thread = this.service.getrusage(Who.THREAD);
		ResourceUsage self = this.service.getrusage(Who.SELF);
		assertThat(thread.who()).isEqualTo(Who.THREAD);
		assertThat(thread.userTimeMicros()).isPositive();
		assertThat(thread.userTimeMicros() + thread.systemTimeMicros())
			.isLessThanOrEqualTo(self.userTimeMicros() + self.systemTimeMicros());
		assertThat(thread.minorPageFaults()).isLessThanOrEqualTo(self.minorPageFaults());
		assertThat(thread.voluntaryContextSwitches()).isLessThanOrEqualTo(self.voluntaryContextSwitches());
		// Linux reports the process-wide peak under RUSAGE_THREAD
		assertThat(thread.maxResidentSetSize()).isBetween(10L * 1024, memTotalKib());
		for (RusageField field : LINUX_UNMAINTAINED) {
			assertThat(thread.get(field)).as(field.fieldName()).isEqualTo(0L);
		}
	}

	@Test
	void getrusageOfChildrenIsPlausibleAfterAChildRan() {
		Command.run("true");
		ResourceUsage children = this.service.getrusage(Who.CHILDREN);
		assertThat(children.who()).isEqualTo(Who.CHILDREN);
		assertThat(children.maxResidentSetSize()).isPositive();
		assertThat(children.minorPageFaults()).isPositive();
		assertThat(children.userTimeMicros()).isNotNegative();
		assertThat(children.systemTimeMicros()).isNotNegative();
		for (RusageField field : LINUX_UNMAINTAINED) {
			assertThat(children.get(field)).as(field.fieldName()).isEqualTo(0L);
		}
	}

	@Test
	void unmaintainedFieldsAreTheSevenLinuxNeverCounts() {
		assertThat(this.service.unmaintainedFields()).containsExactly(LINUX_UNMAINTAINED);
	}

	@Test
	void getrusageOfBothLiesBetweenSelfPlusChildrenReadBeforeAndAfter() {
		long[] child = Command.burnCpuInChild();
		ResourceUsage selfBefore = this.service.getrusage(Who.SELF);
		ResourceUsage childrenBefore = this.service.getrusage(Who.CHILDREN);
		ResourceUsage both = this.service.getrusage(Who.BOTH);
		ResourceUsage selfAfter = this.service.getrusage(Who.SELF);
		ResourceUsage childrenAfter = this.service.getrusage(Who.CHILDREN);
		assertThat(both.who()).isEqualTo(Who.BOTH);
		// so that a BOTH that dropped CHILDREN would fail
		assertThat(child[0]).isPositive();
		assertThat(childrenBefore.userTimeMicros()).isGreaterThanOrEqualTo(child[0] - Getconf.microsPerTick());
		assertThat(both.userTimeMicros()).isBetween(selfBefore.userTimeMicros() + childrenBefore.userTimeMicros(),
				selfAfter.userTimeMicros() + childrenAfter.userTimeMicros());
		assertThat(both.systemTimeMicros()).isBetween(selfBefore.systemTimeMicros() + childrenBefore.systemTimeMicros(),
				selfAfter.systemTimeMicros() + childrenAfter.systemTimeMicros());
		for (RusageField field : RusageField.values()) {
			if (field.index() > RusageField.MAXRSS.index()) {
				assertThat(both.get(field).longValue()).as(field.fieldName())
					.isBetween(selfBefore.get(field).longValue() + childrenBefore.get(field).longValue(),
							selfAfter.get(field).longValue() + childrenAfter.get(field).longValue());
			}
		}
		// the larger of the two peaks; the kernel's RSS counters are approximate (per-CPU
		// batches), so a peak read twice may differ by a few hundred KiB
		long slackKib = 1024;
		assertThat(both.maxResidentSetSize()).isGreaterThanOrEqualTo(childrenBefore.maxResidentSetSize())
			.isBetween(Math.max(selfBefore.maxResidentSetSize(), childrenBefore.maxResidentSetSize()) - slackKib,
					Math.max(selfAfter.maxResidentSetSize(), childrenAfter.maxResidentSetSize()) + slackKib);
	}

	@Test
	void getrusageOfRawValuesReturnsTheirSelector() {
		assertThat(this.service.getrusage(0).who()).isEqualTo(Who.SELF);
		assertThat(this.service.getrusage(-1).who()).isEqualTo(Who.CHILDREN);
		assertThat(this.service.getrusage(1).who()).isEqualTo(Who.THREAD);
		assertThat(this.service.getrusage(-2).who()).isEqualTo(Who.BOTH);
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, -3, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void getrusageOfInvalidRawValueThrowsNamingTheValueAndTheValidOnes(int who) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.service.getrusage(who))
			.withMessageContaining(" " + who + ";")
			.withMessageContaining("0 (RUSAGE_SELF)")
			.withMessageContaining("-1 (RUSAGE_CHILDREN)")
			.withMessageContaining("1 (RUSAGE_THREAD)")
			.withMessageContaining("-2 (RUSAGE_BOTH)");
	}

	@Test
	void getpagesizeIsTheSystemPageSize() {
		assertThat(this.service.getpagesize()).isEqualTo(Integer.parseInt(Getconf.get("PAGESIZE")));
	}

	@Test
	void concurrentReadsOfDifferentWhoDoNotMix() throws Exception {
		ResourceUsage childrenBefore = this.service.getrusage(Who.CHILDREN);
		List<Who> whos = List.of(Who.SELF, Who.CHILDREN, Who.THREAD, Who.CHILDREN);
		CountDownLatch start = new CountDownLatch(whos.size());
		ExecutorService executor = Executors.newFixedThreadPool(whos.size());
		List<ResourceUsage> reads = new ArrayList<>();
		try {
			List<Future<List<ResourceUsage>>> readers = new ArrayList<>();
			for (Who who : whos) {
				readers.add(executor.submit(() -> read(who, start)));
			}
			for (Future<List<ResourceUsage>> reader : readers) {
				reads.addAll(reader.get(5, TimeUnit.MINUTES));
			}
		}
		finally {
			executor.shutdownNow();
		}
		ResourceUsage childrenAfter = this.service.getrusage(Who.CHILDREN);
		assertThat(reads).hasSize(whos.size() * 5_000);
		for (ResourceUsage usage : reads) {
			if (usage.who() == Who.CHILDREN) {
				for (RusageField field : RusageField.values()) {
					assertThat(usage.get(field).doubleValue()).as(field.fieldName())
						.isBetween(childrenBefore.get(field).doubleValue(), childrenAfter.get(field).doubleValue());
				}
			}
		}
	}

	private List<ResourceUsage> read(Who who, CountDownLatch start) throws InterruptedException {
		start.countDown();
		start.await();
		List<ResourceUsage> reads = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			ResourceUsage usage = this.service.getrusage(who);
			assertThat(usage.who()).isEqualTo(who);
			reads.add(usage);
		}
		return reads;
	}

	private static long memTotalKib() throws IOException {
		return Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

}
