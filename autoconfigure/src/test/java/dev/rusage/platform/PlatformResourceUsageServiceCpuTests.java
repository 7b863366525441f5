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
 * Tests for {@link PlatformResourceUsageService} that burn CPU in a child process or on a
 * thread and check that the real kernel's answer for {@code CHILDREN} and {@code THREAD}
 * moves accordingly. CPU is measured by the burning thread's or process's own clock, so
 * the machine's load does not matter; the only slack is the kernel's tick accounting.
 */
@EnabledOnOs(OS.LINUX)
class PlatformResourceUsageServiceCpuTests {

	private static final Duration BURN = Duration.ofMillis(200);

	private final ResourceUsageService service = PlatformResourceUsageService.create();

	// /proc and times() floor CPU time to clock ticks; a running thread's
	// sum_exec_runtime
	// is brought up to date only at the next scheduler tick (at most 1/CONFIG_HZ <= 10
	// ms)
	private final long slackMicros = 2 * Getconf.microsPerTick();

	@Test
	void childrenGrowsByTheCpuOfAChildThatWasWaitedFor() {
		ResourceUsage before = this.service.getrusage(Who.CHILDREN);
		long[] child = Command.burnCpuInChild();
		ResourceUsage after = this.service.getrusage(Who.CHILDREN);
		assertThat(child[0]).as("child's own user time").isPositive();
		// bash rounds to the nearest millisecond (measured: it printed 0.012 s of system
		// time where the kernel then added 11.885 ms to CHILDREN), hence one tick of
		// slack
		assertThat(after.userTimeMicros() - before.userTimeMicros())
			.isGreaterThanOrEqualTo(child[0] - Getconf.microsPerTick());
		assertThat(after.systemTimeMicros() - before.systemTimeMicros())
			.isGreaterThanOrEqualTo(child[1] - Getconf.microsPerTick());
		assertThat(after.minorPageFaults()).isGreaterThan(before.minorPageFaults());
		assertThat(after.maxResidentSetSize()).isPositive();
	}

	@Test
	void childrenDoesNotCountTheProcessItself() {
		ResourceUsage before = this.service.getrusage(Who.CHILDREN);
		long burned = ThreadCpu.burn(BURN);
		ResourceUsage after = this.service.getrusage(Who.CHILDREN);
		assertThat(burned).isGreaterThanOrEqualTo(BURN.toNanos());
		assertThat(after.userTimeMicros()).isEqualTo(before.userTimeMicros());
		assertThat(after.systemTimeMicros()).isEqualTo(before.systemTimeMicros());
	}

	@Test
	void threadIsCurrentAfterSpinningWithoutEnteringTheKernel() {
		// a spin on System.nanoTime (vDSO) never enters the kernel, so only a tick would
		// bring the thread's CPU time up to date: the reading must be current regardless
		for (int i = 0; i < 10; i++) {
			long end = System.nanoTime() + 15_000_000;
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			ResourceUsage usage = this.service.getrusage(Who.THREAD);
			long clockMicros = ThreadCpu.nanos() / 1000;
			long usageMicros = usage.userTimeMicros() + usage.systemTimeMicros();
			assertThat(clockMicros - usageMicros).as("thread CPU clock minus getrusage(THREAD), µs")
				.isBetween(0L, 500L);
		}
	}

	@Test
	void threadCountsCpuBurnedOnTheCallingThread() {
		ResourceUsage before = this.service.getrusage(Who.THREAD);
		long burnedMicros = ThreadCpu.burn(BURN) / 1000;
		ResourceUsage after = this.service.getrusage(Who.THREAD);
		assertThat(cpuMicros(after) - cpuMicros(before)).isGreaterThanOrEqualTo(burnedMicros - this.slackMicros);
		assertThat(after.userTimeMicros() - before.userTimeMicros()).isPositive();
	}

	@Test
	void threadDoesNotCountCpuBurnedByAnotherThread() throws Exception {
		long ownBefore = ThreadCpu.nanos();
		ResourceUsage before = this.service.getrusage(Who.THREAD);
		ResourceUsage selfBefore = this.service.getrusage(Who.SELF);
		CompletableFuture<long[]> other = new CompletableFuture<>();
		Thread burner = new Thread(() -> {
			try {
				ResourceUsage otherBefore = this.service.getrusage(Who.THREAD);
				long burned = ThreadCpu.burn(BURN) / 1000;
				ResourceUsage otherAfter = this.service.getrusage(Who.THREAD);
				other.complete(new long[] { burned, cpuMicros(otherAfter) - cpuMicros(otherBefore) });
			}
			catch (Throwable ex) {
				other.completeExceptionally(ex);
			}
		});
		burner.start();
		long[] burned = other.get(5, TimeUnit.MINUTES);
		burner.join();
		ResourceUsage selfAfter = this.service.getrusage(Who.SELF);
		ResourceUsage after = this.service.getrusage(Who.THREAD);
		long ownMicros = (ThreadCpu.nanos() - ownBefore) / 1000;
		// the other thread's reads saw its own burn, and so did the process
		assertThat(burned[1]).isGreaterThanOrEqualTo(burned[0] - this.slackMicros);
		assertThat(cpuMicros(selfAfter) - cpuMicros(selfBefore)).isGreaterThanOrEqualTo(burned[0] - this.slackMicros);
		// this thread's read moved only by what this thread used while it waited
		long delta = cpuMicros(after) - cpuMicros(before);
		assertThat(delta).isLessThanOrEqualTo(ownMicros + this.slackMicros);
		assertThat(ownMicros + this.slackMicros).isLessThan(burned[0]);
	}

	@Test
	void bothIsAtLeastSelfPlusChildrenReadBeforeIt() {
		Command.burnCpuInChild();
		ThreadCpu.burn(Duration.ofMillis(20));
		ResourceUsage self = this.service.getrusage(Who.SELF);
		ResourceUsage children = this.service.getrusage(Who.CHILDREN);
		ResourceUsage both = this.service.getrusage(Who.BOTH);
		assertThat(children.userTimeMicros()).isPositive();
		assertThat(both.userTimeMicros()).isGreaterThanOrEqualTo(self.userTimeMicros() + children.userTimeMicros());
		assertThat(both.systemTimeMicros())
			.isGreaterThanOrEqualTo(self.systemTimeMicros() + children.systemTimeMicros());
		assertThat(both.minorPageFaults()).isGreaterThanOrEqualTo(self.minorPageFaults() + children.minorPageFaults());
		assertThat(both.majorPageFaults()).isGreaterThanOrEqualTo(self.majorPageFaults() + children.majorPageFaults());
		assertThat(both.blockInputOperations())
			.isGreaterThanOrEqualTo(self.blockInputOperations() + children.blockInputOperations());
		assertThat(both.blockOutputOperations())
			.isGreaterThanOrEqualTo(self.blockOutputOperations() + children.blockOutputOperations());
		assertThat(both.voluntaryContextSwitches())
			.isGreaterThanOrEqualTo(self.voluntaryContextSwitches() + children.voluntaryContextSwitches());
		assertThat(both.involuntaryContextSwitches())
			.isGreaterThanOrEqualTo(self.involuntaryContextSwitches() + children.involuntaryContextSwitches());
	}

	private static long cpuMicros(ResourceUsage usage) {
		return usage.userTimeMicros() + usage.systemTimeMicros();
	}

}
