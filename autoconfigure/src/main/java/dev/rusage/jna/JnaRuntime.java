package dev.rusage.jna;

import com.sun.jna.Native;

/**
 * What JNA says about this JVM, and why its native library ({@code libjnidispatch}) did
 * not load, in words that name the real cause and a fix that applies.
 */
final class JnaRuntime {

	private JnaRuntime() {
	}

	static int longSize() {
		return Native.LONG_SIZE;
	}

	static String explain(UnsatisfiedLinkError error) {
		String message = String.valueOf(error.getMessage());
		String prefix = "JNA's native library (libjnidispatch) could not be loaded (" + message + "); ";
		if (Boolean.getBoolean("jna.nounpack") || Boolean.getBoolean("jna.noclasspath")) {
			return prefix + "jna.nounpack or jna.noclasspath is true, so JNA does not unpack it from its jar and"
					+ " needs it installed: install it (Debian: libjna-jni) and point jna.boot.library.path at its"
					+ " directory, or remove those properties";
		}
		if (message.contains("failed to map segment") || message.contains("Failed to create temporary file")
				|| message.contains("Permission denied") || message.contains("Operation not permitted")
				|| message.contains("Read-only file system")) {
			return prefix + "JNA unpacks it into jna.tmpdir (" + tmpdir() + "), which must be writable and allow"
					+ " execution (no noexec mount): set -Djna.tmpdir to such a directory, or run on Java 22 or"
					+ " later, where the ffm binding needs no native library";
		}
		return prefix + "check jna.boot.library.path (" + System.getProperty("jna.boot.library.path", "unset")
				+ ") and jna.tmpdir (" + tmpdir() + "), or run on Java 22 or later, where the ffm binding needs no"
				+ " native library";
	}

	static String explain(IllegalCallerException denied) {
		return "native access is denied to JNA (" + denied.getMessage() + "; --illegal-native-access=deny): start"
				+ " the JVM with --enable-native-access=ALL-UNNAMED, or --enable-native-access=com.sun.jna where JNA"
				+ " is on the module path";
	}

	private static String tmpdir() {
		return System.getProperty("jna.tmpdir", System.getProperty("java.io.tmpdir", "unset"));
	}

}
