package dev.rusage.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The values of {@code /proc/[pid]/status} that {@code getrusage} also reports (proc(5)).
 *
 * @param vmHwmKib {@code VmHWM}, peak resident set size, KiB (0 for a thread file read
 * after its process's memory is gone)
 * @param voluntaryContextSwitches {@code voluntary_ctxt_switches}
 * @param nonvoluntaryContextSwitches {@code nonvoluntary_ctxt_switches}
 */
record ProcStatus(long vmHwmKib, long voluntaryContextSwitches, long nonvoluntaryContextSwitches) {

	/**
	 * Reads this process's status. Its context switches are the main thread's only.
	 */
	static ProcStatus self() {
		return read(Path.of("/proc/self/status")).orElseThrow();
	}

	/**
	 * Reads the calling thread's status.
	 */
	static ProcStatus thread() {
		return read(Path.of("/proc/thread-self/status")).orElseThrow();
	}

	/**
	 * Sums the context switches of every thread alive now; a thread that ends while this
	 * reads is left out.
	 */
	static ProcStatus sumOfThreads() {
		long voluntary = 0;
		long nonvoluntary = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				Optional<ProcStatus> status = read(task.resolve("status"));
				if (status.isPresent()) {
					voluntary += status.get().voluntaryContextSwitches();
					nonvoluntary += status.get().nonvoluntaryContextSwitches();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ProcStatus(0, voluntary, nonvoluntary);
	}

	/**
	 * Returns the thread id of the calling thread, from {@code /proc/thread-self}, a link
	 * to {@code [pid]/task/[tid]}.
	 */
	static long threadId() {
		try {
			return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns whether a thread of this process is still alive (or not yet reaped).
	 */
	static boolean isThreadAlive(long tid) {
		return Files.exists(Path.of("/proc/self/task/" + tid));
	}

	private static Optional<ProcStatus> read(Path path) {
		long vmHwm = 0;
		long voluntary = -1;
		long nonvoluntary = -1;
		try {
			for (String line : Files.readAllLines(path)) {
				if (line.startsWith("VmHWM:")) {
					vmHwm = number(line);
				}
				else if (line.startsWith("voluntary_ctxt_switches:")) {
					voluntary = number(line);
				}
				else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
					nonvoluntary = number(line);
				}
			}
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			// a thread that ended between listing and reading
			if (!Files.exists(path)) {
				return Optional.empty();
			}
			throw new UncheckedIOException(ex);
		}
		if (voluntary < 0 || nonvoluntary < 0) {
			throw new IllegalStateException("No context switches in " + path);
		}
		return Optional.of(new ProcStatus(vmHwm, voluntary, nonvoluntary));
	}

	private static long number(String line) {
		return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").trim());
	}

}
