/*
 * The physical limit for the benchmarks: getrusage(2) called n times from C, so that
 * one JNA call pays for n system calls and the JVM's own thread count is what the
 * kernel walks. Built by benchmarks/run.sh with gcc.
 */
#include <errno.h>
#include <sys/resource.h>

/* Calls getrusage(who, buf) n times; returns 0, or the errno of the first failure. */
int rusage_loop(int who, long n, struct rusage *buf)
{
	for (long i = 0; i < n; i++) {
		if (getrusage(who, buf) != 0) {
			return errno;
		}
	}
	return 0;
}
