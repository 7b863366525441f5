package dev.rusage.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Parked threads that raise the process's thread count, since {@code RUSAGE_SELF} makes
 * the kernel walk every thread of the process.
 */
final class LiveThreads implements AutoCloseable {

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> threads = new ArrayList<>();

	private LiveThreads() {
	}

	/**
	 * Starts parked threads until the process has {@code total} threads (as
	 * {@code /proc/self/status} counts them), or none if it has that many already.
	 * @param total the thread count to reach
	 * @return the started threads, to close when done
	 */
	static LiveThreads topUpTo(int total) {
		LiveThreads live = new LiveThreads();
		int missing = total - count();
		CountDownLatch started = new CountDownLatch(Math.max(missing, 0));
		for (int i = 0; i < missing; i++) {
			Thread thread = new Thread(null, () -> {
				started.countDown();
				live.awaitRelease();
			}, "parked-" + i, 64 * 1024);
			thread.setDaemon(true);
			thread.start();
			live.threads.add(thread);
		}
		try {
			started.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return live;
	}

	/**
	 * Returns the number of threads of this process, from {@code /proc/self/status}.
	 * @return the thread count, or -1 if it cannot be read
	 */
	static int count() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("Threads:")) {
					return Integer.parseInt(line.substring("Threads:".length()).trim());
				}
			}
			return -1;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		for (Thread thread : this.threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
