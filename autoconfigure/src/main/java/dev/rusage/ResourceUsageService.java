package dev.rusage;

import java.util.Set;

/**
 * Reads what the process, its children or the calling thread has used, through
 * {@code getrusage(2)}, and the system's page size through {@code getpagesize()}.
 * <p>
 * Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface ResourceUsageService {

	/**
	 * Returns the resource usage of {@code who}.
	 * @param who whose usage to read
	 * @return a snapshot
	 * @throws ResourceUsageException if the system call fails
	 * @throws UnsupportedOperationException if the platform cannot report {@code who}
	 * (such as {@link Who#THREAD} on macOS), or cannot call {@code getrusage} at all
	 * ({@link ResourceUsageUnavailableException})
	 */
	ResourceUsage getrusage(Who who);

	/**
	 * Returns the resource usage for a raw {@code RUSAGE_*} value, as Python's
	 * {@code resource.getrusage(who)} takes it.
	 * @param who {@code 0} (self), {@code -1} (children), {@code 1} (thread) or
	 * {@code -2} (both)
	 * @return a snapshot
	 * @throws IllegalArgumentException if {@code who} is not one of those values; the
	 * message names the bad value and the valid ones
	 * @see #getrusage(Who)
	 */
	default ResourceUsage getrusage(int who) {
		return getrusage(Who.of(who));
	}

	/**
	 * Returns the number of bytes in a system page, as {@code getpagesize()} does.
	 * @return the page size, bytes
	 * @throws ResourceUsageUnavailableException if the platform cannot be called
	 */
	int getpagesize();

	/**
	 * Returns the fields this platform never maintains (always 0), so that a real 0 can
	 * be told from "not counted".
	 * @return the unmaintained fields, in index order
	 */
	default Set<RusageField> unmaintainedFields() {
		return Set.of();
	}

	/**
	 * Returns whether this service can call the platform at all. When it cannot, every
	 * read throws {@link ResourceUsageUnavailableException} saying why.
	 * @return {@code true} if reads can succeed
	 */
	default boolean isAvailable() {
		return true;
	}

}
