package dev.rusage.benchmarks;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

import dev.rusage.ResourceUsage;
import dev.rusage.Who;

/**
 * What most JNA code does: interface mapping and a {@link Structure} for
 * {@code struct rusage} (Linux x86_64 layout).
 */
public interface StructureLibC extends Library {

	/** The C library, loaded through an interface proxy. */
	StructureLibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, StructureLibC.class);

	/**
	 * Calls {@code getrusage(2)}.
	 * @param who the RUSAGE_* value
	 * @param usage filled in
	 * @return 0, or -1
	 */
	int getrusage(int who, Rusage usage);

	/**
	 * Calls {@code getpagesize()}.
	 * @return the page size
	 */
	int getpagesize();

	/** {@code struct timeval}. */
	@FieldOrder({ "tv_sec", "tv_usec" })
	class Timeval extends Structure {

		/** Seconds. */
		public long tv_sec;

		/** Microseconds. */
		public long tv_usec;

		long micros() {
			return this.tv_sec * 1_000_000L + this.tv_usec;
		}

	}

	/** {@code struct rusage}, 144 bytes. */
	@FieldOrder({ "ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt",
			"ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw" })
	class Rusage extends Structure {

		/** User CPU time. */
		public Timeval ru_utime;

		/** System CPU time. */
		public Timeval ru_stime;

		/** Peak RSS, KiB. */
		public long ru_maxrss;

		/** Unused on Linux. */
		public long ru_ixrss;

		/** Unused on Linux. */
		public long ru_idrss;

		/** Unused on Linux. */
		public long ru_isrss;

		/** Minor faults. */
		public long ru_minflt;

		/** Major faults. */
		public long ru_majflt;

		/** Unused on Linux. */
		public long ru_nswap;

		/** Block input operations. */
		public long ru_inblock;

		/** Block output operations. */
		public long ru_oublock;

		/** Unused on Linux. */
		public long ru_msgsnd;

		/** Unused on Linux. */
		public long ru_msgrcv;

		/** Unused on Linux. */
		public long ru_nsignals;

		/** Voluntary context switches. */
		public long ru_nvcsw;

		/** Involuntary context switches. */
		public long ru_nivcsw;

		/**
		 * Converts to the same record the service returns.
		 * @param who whose usage this is
		 * @return the record
		 */
		public ResourceUsage toResourceUsage(Who who) {
			return new ResourceUsage(who, this.ru_utime.micros(), this.ru_stime.micros(), this.ru_maxrss, this.ru_ixrss,
					this.ru_idrss, this.ru_isrss, this.ru_minflt, this.ru_majflt, this.ru_nswap, this.ru_inblock,
					this.ru_oublock, this.ru_msgsnd, this.ru_msgrcv, this.ru_nsignals, this.ru_nvcsw, this.ru_nivcsw,
					1024);
		}

	}

}
