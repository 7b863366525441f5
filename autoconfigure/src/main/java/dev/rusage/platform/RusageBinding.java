package dev.rusage.platform;

/**
 * A way to call the C library's {@code getrusage} and {@code getpagesize}: the one seam
 * between the platform logic and a native API. An implementation does nothing but make
 * the calls; layout, units, checks and errors are handled by the caller.
 * <p>
 * A binding class has a public static {@code load()} method that returns a working
 * binding or throws an error or runtime exception whose message says why it cannot work
 * here (see {@link RusageBindings}).
 */
public interface RusageBinding {

	/**
	 * Returns the binding's short name, such as {@code "jna"}.
	 * @return the name
	 */
	String name();

	/**
	 * Allocates one native {@code struct rusage} that this binding can fill. Called a few
	 * times when the service is created, never per read.
	 * @return a new struct
	 */
	RusageStruct allocate();

	/**
	 * Calls {@code getpagesize()}.
	 * @return the page size, bytes
	 */
	int getpagesize();

	/**
	 * Calls {@code strerror(errno)}.
	 * @param errno an error number
	 * @return the system's message for it
	 */
	String strerror(int errno);

}
