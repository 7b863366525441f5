package dev.rusage.platform;

/**
 * One native {@code struct rusage} of {@value #SIZE} bytes, reused from call to call by
 * one caller at a time, and the {@code getrusage} call that fills it.
 */
public interface RusageStruct {

	/** Size of {@code struct rusage} in bytes on the 64-bit platforms supported. */
	int SIZE = 144;

	/** Size of {@code struct rusage} in 64-bit words. */
	int WORDS = SIZE / Long.BYTES;

	/**
	 * Sets every one of the struct's {@value #WORDS} 64-bit words to a value.
	 * @param value the value
	 */
	void fill(long value);

	/**
	 * Calls {@code getrusage(who, &struct)}.
	 * @param who the raw {@code RUSAGE_*} value
	 * @return 0 if the call returned 0, otherwise the {@code errno} it set (the call
	 * returned -1)
	 */
	int getrusage(int who);

	/**
	 * Copies the struct's {@value #WORDS} 64-bit words, in native byte order, in one bulk
	 * copy.
	 * @param words where to copy them, at least {@value #WORDS} long
	 */
	void copyTo(long[] words);

}
