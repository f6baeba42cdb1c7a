/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by pinconv's userspace tests, on top of the kernel's
 * kselftest.h (TAP output): what kselftest.h lacks, i.e. a skip that keeps
 * its test name, the late plan and a common start; the /proc/vmstat
 * FOLL_PIN counters and the SIGKILL check of a pinning child; long options
 * from a table; reading the kernel log from /dev/kmsg.
 */
#ifndef PINCONV_UTIL_H
#define PINCONV_UTIL_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "kselftest.h"

/*
 * kselftest.h's ksft_test_result_skip() prints "ok N # SKIP reason", with no
 * test name; this one keeps the name: "ok N desc # SKIP reason".  Static
 * inline, like kselftest.h, so that it counts in the caller's ksft_cnt.
 */
static inline void tap_skip(const char *desc, const char *reason)
{
	ksft_inc_xskip_cnt();
	printf("ok %u %s # SKIP %s\n", ksft_test_num(), desc, reason);
}

/*
 * An expected failure that keeps its test name: "ok N desc # XFAIL reason",
 * counted as kselftest's xfail.  For a known fault of the kernel under test
 * (the reason names it and where it is written up), not for the test's own
 * gaps.
 */
static inline void tap_xfail(const char *desc, const char *reason)
{
	ksft_inc_xfail_cnt();
	printf("ok %u %s # XFAIL %s\n", ksft_test_num(), desc, reason);
}

/*
 * The end of a program whose plan is known only when it is done: print the
 * late plan "1..N" and the totals, exit 0 if nothing failed, else 1.
 */
static inline void tap_finish(void)
{
	ksft_set_plan(ksft_test_num());
	ksft_finished();
}

/* CLOCK_MONOTONIC in ms, in us */
long now_ms(void);
long long now_us(void);

/*
 * nr_foll_pin_acquired and nr_foll_pin_released from /proc/vmstat, after
 * folding the per-cpu deltas (/proc/sys/vm/stat_refresh); 0 or -1.
 */
int foll_pin_counters(long *acquired, long *released);
/* acquired - released, or -1 when the counters are missing */
long pins_outstanding(void);
/* wait until pins_outstanding() returns to @want (up to 5 s) */
long pins_wait_for(long want);

/*
 * The SIGKILL check of a program that pins: fork a child that calls
 * @hold(@arg), which takes its pins and returns 0 (non-zero when it could
 * not), then waits to be killed.  *held is pins_outstanding() - @base once
 * the child has answered; the child is then SIGKILLed and reaped, and
 * *after is pins_wait_for(@base) - @base (the pins may go only after the
 * exit: io_uring tears a ring down from a workqueue).  Returns 0; 1 when
 * @hold failed (*held and *after measured all the same); -1 with errno
 * when the pipe or the fork failed.
 */
int pins_after_sigkill(int (*hold)(void *arg), void *arg, long base,
		       long *held, long *after);

/*
 * Start the TAP output of a test program.  Line-buffered, as the programs
 * fork: a child must not inherit (and print again) half a buffer, and a
 * program killed by a timeout must leave every line it printed.  SIGPIPE
 * ignored: a pipe whose reading child is gone is an error return.  A kernel
 * without the FOLL_PIN counters, which every program checks, is a failure.
 */
static inline void tap_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	ksft_print_header();
	if (pins_outstanding() < 0) {
		ksft_test_result_fail("/proc/vmstat has no nr_foll_pin_acquired/released\n");
		tap_finish();
	}
}

/*
 * Long options from a table, after tools/lib/subcmd's parse-options: an
 * entry names the option, the variable it sets and what its argument may
 * be; the table ends with an empty entry, { }.
 */
enum opt_kind {
	OPT_KIND_END,
	OPT_KIND_FLAG,		/* no argument: true */
	OPT_KIND_CHOICE,	/* the word @no (false) or @yes (true) */
	OPT_KIND_STRING,	/* the argument itself */
	OPT_KIND_INT,		/* atoi(), from @min to @max */
	OPT_KIND_LONG,		/* atol(), from @min to @max */
	OPT_KIND_BYTES,		/* strtoul() base 0, a non-zero multiple of
				 * @unit, at most @max (0: no limit)
				 */
	OPT_KIND_INCLUDE,	/* the entries of another table, @val */
};

struct opt {
	const char *name;
	enum opt_kind kind;
	void *val;
	const char *no, *yes;
	long min, max;
	size_t unit;
};

/* @v as the table's void *; a build error unless @v is a @type */
#define OPT_VAR(v, type)	((void *)(1 ? (v) : (type)NULL))
#define OPT_FLAG(n, v) \
	{ .name = (n), .kind = OPT_KIND_FLAG, .val = OPT_VAR(v, bool *) }
#define OPT_CHOICE(n, v, n0, n1) \
	{ .name = (n), .kind = OPT_KIND_CHOICE, .val = OPT_VAR(v, bool *), \
	  .no = (n0), .yes = (n1) }
#define OPT_STRING(n, v) \
	{ .name = (n), .kind = OPT_KIND_STRING, \
	  .val = OPT_VAR(v, const char **) }
#define OPT_INT(n, v, lo, hi) \
	{ .name = (n), .kind = OPT_KIND_INT, .val = OPT_VAR(v, int *), \
	  .min = (lo), .max = (hi) }
#define OPT_LONG(n, v, lo, hi) \
	{ .name = (n), .kind = OPT_KIND_LONG, .val = OPT_VAR(v, long *), \
	  .min = (lo), .max = (hi) }
#define OPT_BYTES(n, v, u, hi) \
	{ .name = (n), .kind = OPT_KIND_BYTES, .val = OPT_VAR(v, size_t *), \
	  .unit = (u), .max = (hi) }
/* options shared by several programs, in a table of their own */
#define OPT_INCLUDE(t) \
	{ .kind = OPT_KIND_INCLUDE, .val = OPT_VAR(t, const struct opt *) }

/*
 * getopt_long() over the options of @opts (at most 16, those of included
 * tables counted), setting their variables; 0, or -1 at the first unknown
 * option, missing argument or argument out of its range (the caller prints
 * its usage).
 */
int parse_options(int argc, char **argv, const struct opt *opts);

/* write a short string to a /proc/sys file; 0 or -1 */
int write_str(const char *path, const char *s);
/* ... to a file opened O_WRONLY | oflags (O_APPEND, O_TRUNC: tracefs) */
int write_str_flags(const char *path, const char *s, int oflags);
/* read the first line of a file into buf (newline stripped); 0 or -1 */
int read_line(const char *path, char *buf, size_t len);

/*
 * /dev/kmsg reader.  kmsg_open(false) starts at the end of the log (only
 * records logged from now on), kmsg_open(true) at the oldest record kept.
 * kmsg_next() stores the next record's text (its first line, without the
 * "prio,seq,ts,flags;" prefix) in buf and returns 1, or returns 0 when
 * there is no record yet.
 */
struct kmsg {
	int fd;
};

int kmsg_open(struct kmsg *k, bool from_start);
int kmsg_next(struct kmsg *k, char *buf, size_t len);
void kmsg_close(struct kmsg *k);

#endif /* PINCONV_UTIL_H */
