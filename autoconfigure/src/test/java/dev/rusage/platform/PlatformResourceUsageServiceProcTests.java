package dev.rusage.platform;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.rusage.ResourceUsage;
import dev.rusage.ResourceUsageService;
import dev.rusage.Who;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PlatformResourceUsageService} that cross-check the real kernel's
 * answer against its own accounting in {@code /proc}, read just before and just after the
 * call: every counter must lie between the two, with slack only where the kernel's two
 * paths round or approximate differently.
 */
@EnabledOnOs(OS.LINUX)
class PlatformResourceUsageServiceProcTests {

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	private final long microsPerTick = Getconf.microsPerTick();

	@Test
	void cpuTimesOfSelfLieBetweenProcStatReadBeforeAndAfter() {
		ThreadCpu.burn(Duration.ofMillis(50));
		ProcStat before = ProcStat.self();
		ResourceUsage usage = this.service.getrusage(Who.SELF);
		ProcStat after = ProcStat.self();
		// both come from the same monotonic adjusted times: /proc floors them to clock
		// ticks, getrusage to microseconds
		assertThat(usage.userTimeMicros()).isGreaterThanOrEqualTo(before.utime() * this.microsPerTick)
			.isLessThan((after.utime() + 1) * this.microsPerTick);
		assertThat(usage.systemTimeMicros()).isGreaterThanOrEqualTo(before.stime() * this.microsPerTick)
			.isLessThan((after.stime() + 1) * this.microsPerTick);
	}

	@Test
	void pageFaultsOfSelfLieBetweenProcStatReadBeforeAndAfter() {
		ProcStat before = ProcStat.self();
		ResourceUsage usage = this.service.getrusage(Who.SELF);
		ProcStat after = ProcStat.self();
		assertThat(usage.minorPageFaults()).isBetween(before.minflt(), after.minflt());
		assertThat(usage.majorPageFaults()).isBetween(before.majflt(), after.majflt());
	}

	@Test
	void maxResidentSetSizeOfSelfIsVmHwmInKibibytes() {
		ProcStatus before = ProcStatus.self();
		ResourceUsage usage = this.service.getrusage(Who.SELF);
		ProcStatus after = ProcStatus.self();
		// getrusage reads the kernel's approximate per-CPU RSS counters, /proc their
		// exact
		// sum
		long slack = Math.max(after.vmHwmKib() / 50, 1024);
		assertThat(usage.maxResidentSetSize()).isBetween(before.vmHwmKib() - slack, after.vmHwmKib() + slack);
		assertThat(usage.maxResidentSetSizeBytes()).isBetween((before.vmHwmKib() - slack) * 1024,
				(after.vmHwmKib() + slack) * 1024);
	}

	@Test
	void maxResidentSetSizeOfThreadIsTheProcessWideVmHwm() {
		ProcStatus before = ProcStatus.self();
		ResourceUsage usage = this.service.getrusage(Who.THREAD);
		ProcStatus after = ProcStatus.self();
		long slack = Math.max(after.vmHwmKib() / 50, 1024);
		assertThat(usage.maxResidentSetSize()).isBetween(before.vmHwmKib() - slack, after.vmHwmKib() + slack);
	}

	@Test
	void contextSwitchesOfSelfAreAtLeastTheSumOverLiveThreads() {
		ProcStatus threads = ProcStatus.sumOfThreads();
		ResourceUsage usage = this.service.getrusage(Who.SELF);
		// getrusage also keeps the counts of threads that have ended
		assertThat(usage.voluntaryContextSwitches()).isGreaterThanOrEqualTo(threads.voluntaryContextSwitches());
		assertThat(usage.involuntaryContextSwitches()).isGreaterThanOrEqualTo(threads.nonvoluntaryContextSwitches());
		// /proc/self/status counts the main thread only; a JVM has many more threads
		assertThat(threads.voluntaryContextSwitches()).isGreaterThan(ProcStatus.self().voluntaryContextSwitches());
	}

	@Test
	void contextSwitchesOfSelfKeepTheCountsOfEndedThreads() throws Exception {
		CompletableFuture<long[]> ended = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				for (int i = 0; i < 50; i++) {
					Thread.sleep(1);
				}
				ResourceUsage own = this.service.getrusage(Who.THREAD);
				ended.complete(new long[] { ProcStatus.threadId(), own.voluntaryContextSwitches(),
						own.involuntaryContextSwitches() });
			}
			catch (Throwable ex) {
				ended.completeExceptionally(ex);
			}
		});
		thread.start();
		long[] own = ended.get(5, TimeUnit.MINUTES);
		thread.join();
		awaitGone(own[0]);
		ProcStatus live = ProcStatus.sumOfThreads();
		ResourceUsage usage = this.service.getrusage(Who.SELF);
		assertThat(own[1]).isPositive();
		assertThat(usage.voluntaryContextSwitches()).isGreaterThanOrEqualTo(live.voluntaryContextSwitches() + own[1]);
		assertThat(usage.involuntaryContextSwitches())
			.isGreaterThanOrEqualTo(live.nonvoluntaryContextSwitches() + own[2]);
	}

	@Test
	void cpuTimesOfThreadLieBetweenItsProcStatReadBeforeAndAfter() {
		ThreadCpu.burn(Duration.ofMillis(50));
		ProcStat before = ProcStat.thread();
		ResourceUsage usage = this.service.getrusage(Who.THREAD);
		ProcStat after = ProcStat.thread();
		assertThat(usage.userTimeMicros()).isPositive()
			.isGreaterThanOrEqualTo(before.utime() * this.microsPerTick)
			.isLessThan((after.utime() + 1) * this.microsPerTick);
		assertThat(usage.systemTimeMicros()).isGreaterThanOrEqualTo(before.stime() * this.microsPerTick)
			.isLessThan((after.stime() + 1) * this.microsPerTick);
	}

	@Test
	void pageFaultsOfThreadLieBetweenItsProcStatReadBeforeAndAfter() {
		ProcStat before = ProcStat.thread();
		ResourceUsage usage = this.service.getrusage(Who.THREAD);
		ProcStat after = ProcStat.thread();
		assertThat(usage.minorPageFaults()).isBetween(before.minflt(), after.minflt());
		assertThat(usage.majorPageFaults()).isBetween(before.majflt(), after.majflt());
		// so that SELF's counts in place of the thread's would fail
		assertThat(after.minflt()).isLessThan(ProcStat.self().minflt());
	}

	@Test
	void contextSwitchesOfThreadLieBetweenItsProcStatusReadBeforeAndAfter() throws InterruptedException {
		Thread.sleep(1);
		ProcStatus before = ProcStatus.thread();
		ResourceUsage usage = this.service.getrusage(Who.THREAD);
		ProcStatus after = ProcStatus.thread();
		assertThat(usage.voluntaryContextSwitches()).isPositive()
			.isBetween(before.voluntaryContextSwitches(), after.voluntaryContextSwitches());
		assertThat(usage.involuntaryContextSwitches()).isBetween(before.nonvoluntaryContextSwitches(),
				after.nonvoluntaryContextSwitches());
	}

	@Test
	void cpuTimesAndFaultsOfChildrenLieBetweenProcStatReadBeforeAndAfter() {
		Command.burnCpuInChild();
		ProcStat before = ProcStat.self();
		ResourceUsage usage = this.service.getrusage(Who.CHILDREN);
		ProcStat after = ProcStat.self();
		assertThat(usage.userTimeMicros()).isPositive()
			.isGreaterThanOrEqualTo(before.childrenUtime() * this.microsPerTick)
			.isLessThan((after.childrenUtime() + 1) * this.microsPerTick);
		assertThat(usage.systemTimeMicros()).isGreaterThanOrEqualTo(before.childrenStime() * this.microsPerTick)
			.isLessThan((after.childrenStime() + 1) * this.microsPerTick);
		assertThat(usage.minorPageFaults()).isPositive().isBetween(before.childrenMinflt(), after.childrenMinflt());
		assertThat(usage.majorPageFaults()).isBetween(before.childrenMajflt(), after.childrenMajflt());
	}

	private static void awaitGone(long tid) throws InterruptedException {
		// Thread.join returns before the native thread has exited
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (ProcStatus.isThreadAlive(tid)) {
			assertThat(System.nanoTime()).as("thread %d still alive", tid).isLessThan(deadline);
			Thread.sleep(1);
		}
	}

}
