package dev.rusage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

/**
 * Tells virtual threads (Java 21+) from platform threads while compiling for Java 17:
 * {@code Thread#isVirtual} is looked up once and called through a method handle.
 * {@code RUSAGE_THREAD} on a virtual thread would report its carrier thread.
 *
 * @since 0.1.0
 */
public final class VirtualThreads {

	private static final @Nullable MethodHandle IS_VIRTUAL = findIsVirtual();

	private VirtualThreads() {
	}

	/**
	 * Returns whether the thread is a virtual thread; always {@code false} before Java
	 * 21.
	 * @param thread the thread
	 * @return {@code true} if it is virtual
	 */
	public static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static @Nullable MethodHandle findIsVirtual() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			return null;
		}
	}

}
