/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxtrunc's parts (daxtrunc.c has the method): the run's settings, what
 * one iteration saw, and the files that do each concern:
 *  - daxfile.c: the test files on the DAX file system (their extents, the
 *    filler that uses up the free space);
 *  - daxiter.c: one iteration: the DAX mapping, the I/O thread and the
 *    new-file thread with their timestamps, the truncate and its kick;
 *  - daxprobe.c: the kretprobe on dax_layout_busy_page_range();
 *  - daxtrunc.c: options, the cases, the checks and their TAP lines (all
 *    results in one file: kselftest.h counts per file).
 */
#ifndef PINCONV_DAXTRUNC_H
#define PINCONV_DAXTRUNC_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MAX_EXT		32
#define MAX_ITERS	64

#define ATOMIC_SET(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ATOMIC_GET(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)

/* the settings of the run (options and what main() opened), set up once */
struct dax_run {
	bool pin;		/* --pins pin: block direct I/O pins */
	int iters;
	long delay_ms;		/* the delay target's delay per I/O */
	size_t size;		/* bytes per I/O and per file */
	const char *label;
	long grace_ms;		/* kick a truncate this long after the I/O */
	int dev_fd;		/* the delay target, O_DIRECT */
	uint8_t *bounce;	/* page-aligned, size: disk read-back */
	pthread_t trunc_thread;	/* main: truncates, and is kicked */
};

extern struct dax_run dax;

/* one case: direction, operation, whether the buffer is unmapped first */
struct dcase {
	bool write;
	bool punch;
	bool unmap;
};

/* what one iteration saw */
struct iter {
	/* us, CLOCK_MONOTONIC; t_done, t_tr0, t_tr1 cross threads: ATOMIC_* */
	long long t_sub, t_done, t_tr0, t_tr1;
	long long t_intr;	/* when a kick interrupted the operation */
	long long t_kick;	/* first signal sent to the waiting operation */
	int kicks;		/* signals sent (ATOMIC_*) */
	bool kicked;		/* it returned after a signal: never woken */
	bool intr;		/* ... and it returned EINTR: it was never woken */
	int tries;		/* runs until the I/O was seen in flight */
	ssize_t io_ret;
	int io_err, tr_err, b_err;
	bool inflight;		/* the I/O was not over when the truncate began */
	long long busy_calls, busy_found;
	long pin_acq, pin_rel;
	size_t disk_bad, b_bad;
	uint64_t overlap;
	char why[1024];		/* first setup error, if any */
};

/* progress on stderr: where a hang is, if the kernel hangs */
void progress(const char *fmt, ...);

/* ---- daxiter.c ---- */

/* the SIGUSR1 handler that kicks a waiting truncate (no SA_RESTART) */
void on_kick(int sig);
/* run iteration n of case c on the DAX directory dir */
void run_iter(const char *dir, const struct dcase *c, int n, struct iter *it);

/* ---- daxfile.c ---- */

struct ext {
	uint64_t pos, len;
};

struct extents {
	int n;
	struct ext e[MAX_EXT];
};

/* the physical extents of fd (FIEMAP); 0 or -1 */
int get_extents(int fd, struct extents *x);
/* bytes a and b share on the device */
uint64_t overlap(const struct extents *a, const struct extents *b);
/* create @path holding @len bytes of pattern @seed, fsync()ed; fd or -1 */
int make_file(const char *path, size_t len, unsigned int seed);
/*
 * Grow the filler file in dir_fd until less than half a buffer is free on
 * fd's file system; 0, or -1 with errno.
 */
int fill_up(int dir_fd, int fd);
/* close the filler file, and unlink it from dir unless keep */
void filler_close(const char *dir, bool keep);

/* ---- daxprobe.c ---- */

/* the kretprobe, or a diagnostic why not (then the probe is off) */
void probe_setup(void);
bool probe_is_on(void);
void probe_remove(void);
/* empty the trace buffer */
void probe_clear(void);
/* returns of dax_layout_busy_page_range() since probe_clear(): all, non-NULL */
void probe_count(long long *calls, long long *found);

#endif /* PINCONV_DAXTRUNC_H */
