package dev.rusage.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library functions, as downcall handles held in static final fields, so that the
 * JIT compiles each call to a direct call of the C function. They are found among the
 * symbols the process has already loaded ({@link Linker#defaultLookup()}), which on Linux
 * and macOS is the C library itself.
 * <p>
 * {@code getrusage} is linked as {@linkplain Linker.Option#critical(boolean) critical}:
 * the thread stays in Java state during the call, which saves the two thread-state
 * transitions of an ordinary downcall. It is safe because {@code getrusage} neither
 * blocks nor calls back into Java and its struct is native memory (no heap access); the
 * price is that a safepoint waits for a call in progress, which for {@code RUSAGE_SELF}
 * takes longer the more threads the process has (the kernel sums them all).
 * <p>
 * {@code errno} is captured by the JVM right after the call
 * ({@link Linker.Option#captureCallState(String...)}) into a small segment passed with
 * it: reading it later through {@code __errno_location} could see a value the JVM itself
 * had set in between (a safepoint, a deoptimization of the rarely taken failure path).
 */
final class LibC {

	private static final Linker LINKER = Linker.nativeLinker();

	/** The layout of the segment into which the JVM captures {@code errno}. */
	static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

	private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

	// int getrusage(int who, struct rusage *usage): 0, or -1 with errno set
	private static final MethodHandle GETRUSAGE = downcall("getrusage",
			FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
			Linker.Option.critical(false), Linker.Option.captureCallState("errno"));

	// int getpagesize(void)
	private static final MethodHandle GETPAGESIZE = downcall("getpagesize", FunctionDescriptor.of(ValueLayout.JAVA_INT),
			Linker.Option.critical(false));

	// char *strerror(int errnum): a NUL-terminated string owned by the C library
	private static final MethodHandle STRERROR = downcall("strerror",
			FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

	private LibC() {
	}

	static int getrusage(MemorySegment callState, int who, MemorySegment usage) {
		try {
			return (int) GETRUSAGE.invokeExact(callState, who, usage);
		}
		catch (Throwable ex) {
			throw rethrow(ex);
		}
	}

	static int errno(MemorySegment callState) {
		return callState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
	}

	static int getpagesize() {
		try {
			return (int) GETPAGESIZE.invokeExact();
		}
		catch (Throwable ex) {
			throw rethrow(ex);
		}
	}

	@SuppressWarnings("restricted")
	static String strerror(int errno) {
		MemorySegment message;
		try {
			message = (MemorySegment) STRERROR.invokeExact(errno);
		}
		catch (Throwable ex) {
			throw rethrow(ex);
		}
		if (message.equals(MemorySegment.NULL)) {
			return "errno " + errno;
		}
		// the returned pointer has no size: read up to the terminating NUL
		return message.reinterpret(Long.MAX_VALUE).getString(0);
	}

	@SuppressWarnings("restricted")
	private static MethodHandle downcall(String name, FunctionDescriptor function, Linker.Option... options) {
		MemorySegment symbol = LINKER.defaultLookup()
			.find(name)
			.orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name + " function"));
		return LINKER.downcallHandle(symbol, function, options);
	}

	private static RuntimeException rethrow(Throwable ex) {
		if (ex instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (ex instanceof Error error) {
			throw error;
		}
		// a downcall handle throws no checked exception
		throw new IllegalStateException(ex);
	}

}
