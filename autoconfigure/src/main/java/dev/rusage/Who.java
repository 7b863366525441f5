package dev.rusage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whose resource usage to read: the {@code RUSAGE_*} selector of {@code getrusage(2)}.
 *
 * @since 0.1.0
 */
public enum Who {

	/**
	 * The calling process: the sum over all its threads, including threads that have
	 * ended ({@code RUSAGE_SELF}).
	 */
	SELF,

	/**
	 * All descendants of the calling process that have terminated and been waited for
	 * ({@code RUSAGE_CHILDREN}).
	 */
	CHILDREN,

	/**
	 * The calling thread only ({@code RUSAGE_THREAD}). Linux only, and platform threads
	 * only: a virtual thread runs on a carrier thread that others share.
	 */
	THREAD,

	/**
	 * The calling process and its children ({@code RUSAGE_BOTH}). No current kernel
	 * accepts it, so it is computed as {@link #SELF} plus {@link #CHILDREN}.
	 */
	BOTH;

	private static final Who[] VALUES = values();

	private final String id;

	Who() {
		this.id = name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns the lower-case name used in URLs, JSON and meter tags, such as
	 * {@code "self"}.
	 * @return the identifier
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns the selector for a name, ignoring ASCII case: {@code self},
	 * {@code children}, {@code thread} or {@code both}. Only ASCII letters match, so
	 * look-alikes such as U+017F (long s) in place of {@code s} are rejected.
	 * @param id the name
	 * @return the selector
	 * @throws IllegalArgumentException if the name is none of those
	 */
	public static Who of(String id) {
		for (Who who : VALUES) {
			if (who.matches(id)) {
				return who;
			}
		}
		throw new IllegalArgumentException("Invalid who '" + printable(id) + "'; valid values are " + validIds());
	}

	/**
	 * Returns the valid names, comma-separated, for use in messages.
	 * @return {@code "self, children, thread, both"}
	 */
	public static String validIds() {
		return Arrays.stream(VALUES).map(Who::id).collect(Collectors.joining(", "));
	}

	// String.equalsIgnoreCase folds non-ASCII letters too: U+017F (long s) matches "s"
	private boolean matches(String candidate) {
		if (candidate.length() != this.id.length()) {
			return false;
		}
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			char lower = (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
			if (lower != this.id.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Quotes untrusted input safely in a message: control characters escaped, length
	 * capped.
	 */
	private static String printable(String value) {
		StringBuilder printable = new StringBuilder();
		value.codePoints().limit(40).forEach((codePoint) -> {
			if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)) {
				printable.append(String.format("\\u%04x", codePoint));
			}
			else {
				printable.appendCodePoint(codePoint);
			}
		});
		return (value.codePointCount(0, value.length()) > 40) ? printable + "..." : printable.toString();
	}

}
