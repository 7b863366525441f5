package dev.rusage.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;

import dev.rusage.platform.RusageBinding;
import dev.rusage.platform.RusageStruct;

/**
 * The {@link RusageBinding} through {@code java.lang.foreign}, for Java 22 and later: no
 * native stub to unpack, and a read costs little more than the system call.
 * <p>
 * Linking a C function is a restricted operation: the JVM allows it with a warning unless
 * {@code --enable-native-access} names the module of this class ({@code ALL-UNNAMED} on
 * the class path), and refuses it under {@code --illegal-native-access=deny} (Java 24+).
 */
public final class FfmRusageBinding implements RusageBinding {

	private FfmRusageBinding() {
		LibC.getpagesize();
	}

	/**
	 * Links the C library's functions.
	 * @return the binding
	 * @throws UnsupportedOperationException if native access is denied to this class's
	 * module, or a C {@code long} is not 64 bits wide, with the cause and the fix in the
	 * message
	 */
	@SuppressWarnings("restricted")
	public static RusageBinding load() {
		Linker linker = Linker.nativeLinker();
		long longSize = linker.canonicalLayouts().get("long").byteSize();
		if (longSize != Long.BYTES) {
			throw new UnsupportedOperationException(
					"struct rusage is decoded for 64-bit platforms only, but a C long has " + longSize + " bytes here");
		}
		try {
			// a restricted method, called here rather than in LibC's initializer so that a
			// denial is an exception with the fix, not a class that fails to initialize
			linker.downcallHandle(FunctionDescriptor.ofVoid());
		}
		catch (IllegalCallerException ex) {
			Module module = FfmRusageBinding.class.getModule();
			String who = module.isNamed() ? "module " + module.getName() : "the class path (unnamed modules)";
			String fix = module.isNamed() ? module.getName() : "ALL-UNNAMED";
			throw new UnsupportedOperationException("native access is denied to " + who
					+ " by --illegal-native-access=deny: start the JVM with --enable-native-access=" + fix, ex);
		}
		return new FfmRusageBinding();
	}

	@Override
	public String name() {
		return "ffm";
	}

	@Override
	public RusageStruct allocate() {
		return new FfmRusageStruct();
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
		return "FfmRusageBinding";
	}

}
