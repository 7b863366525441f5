package dev.rusage.jna;

import dev.rusage.platform.RusageBinding;
import dev.rusage.platform.RusageStruct;

/**
 * The {@link RusageBinding} through JNA direct mapping, for Java 17 and later.
 */
public final class JnaRusageBinding implements RusageBinding {

	private static final String FIX_CLASS_PATH = "add net.java.dev.jna:jna to the class path (rusage-spring-boot-starter"
			+ " brings it), or run on Java 22 or later, where the ffm binding needs no JNA";

	private JnaRusageBinding() {
		int longSize = JnaRuntime.longSize();
		if (longSize != Long.BYTES) {
			throw new UnsupportedOperationException(
					"struct rusage is decoded for 64-bit platforms only, but a C long has " + longSize + " bytes here");
		}
		LibC.getpagesize();
	}

	/**
	 * Loads JNA and binds the C library.
	 * @return the binding
	 * @throws UnsupportedOperationException if JNA is missing, its native library does
	 * not load or native access is denied to it, with the cause and the fix in the
	 * message
	 */
	public static RusageBinding load() {
		try {
			return new JnaRusageBinding();
		}
		catch (ExceptionInInitializerError ex) {
			// Java 24+ under --illegal-native-access=deny: JNA's System.load is refused
			if (ex.getCause() instanceof IllegalCallerException denied) {
				throw new UnsupportedOperationException(JnaRuntime.explain(denied), ex);
			}
			throw new UnsupportedOperationException("JNA failed to initialize (" + ex.getCause() + ")", ex);
		}
		catch (NoClassDefFoundError ex) {
			String message = String.valueOf(ex.getMessage());
			if (message.startsWith("Could not initialize class")) {
				throw new UnsupportedOperationException(
						"JNA failed to initialize earlier in this JVM (" + message + "); see the first error", ex);
			}
			throw new UnsupportedOperationException("JNA is not on the class path (" + ex + "); " + FIX_CLASS_PATH, ex);
		}
		catch (UnsatisfiedLinkError ex) {
			throw new UnsupportedOperationException(JnaRuntime.explain(ex), ex);
		}
	}

	@Override
	public String name() {
		return "jna";
	}

	@Override
	public RusageStruct allocate() {
		return new JnaRusageStruct();
	}

	@Override
	public int getpagesize() {
		return LibC.getpagesize();
	}

	@Override
	public String strerror(int errno) {
		return LibC.strerror(errno);
	}

	@Override
	public String toString() {
		return "JnaRusageBinding";
	}

}
