// SPDX-License-Identifier: GPL-2.0
/*
 * daxtrunc - truncate and hole-punch of a DAX file while O_DIRECT I/O
 * whose user buffer is a MAP_SHARED mapping of that file is in flight.
 *
 * With fsdax the page a device DMAs into or out of *is* the file's block.
 * Truncate and hole-punch therefore wait (ext4_break_layouts(),
 * xfs_break_dax_layouts(): dax_layout_busy_page() and a wait for the page
 * count to drop back to 1) while any page of the file is held for I/O, so
 * that a freed block is never handed to another file while the device
 * still reads or writes it.  Per iteration:
 *
 *  - an I/O thread reads (device -> DAX page) or writes (DAX page ->
 *    device) LEN bytes with O_DIRECT on DEVICE, a dm-delay target, into or
 *    from a MAP_SHARED mapping of file A on the DAX file system DIR;
 *  - halfway through the delay (the buffer is mapped beforehand, so that
 *    get_user_pages() is quick and the bio waits in the delay target), the
 *    main thread truncates A to 0 or punches a hole over it (in the
 *    "unmapped" scenario it first munmap()s the buffer: the I/O still holds
 *    the pages, the file is no longer mapped);
 *  - the moment that returns, a third thread makes the freed blocks
 *    reusable (syncfs(): ext4 and xfs keep freed extents busy until the
 *    journal commits) and allocates and writes a new file B.
 *
 * The third thread first grows a filler file until less than half a buffer
 * is free, so that B has to take blocks the truncate freed (FIEMAP shows
 * how many it got).  Checked, each over all iterations of a case, one TAP
 * line per property:
 *  1. the truncate began at least a quarter of the delay before the I/O
 *     completed (an iteration where it did not is run again, up to 3 times);
 *  2. it returned by itself and only once the I/O had completed
 *     (CLOCK_MONOTONIC).  The I/O's pages are released by the thread that
 *     waited for the bio, so both return within microseconds of each
 *     other; returning more than a quarter of the delay earlier counts as
 *     not waiting.  A truncate still asleep half a second after the I/O
 *     completed gets a signal (the fs sleeps interruptibly and then
 *     rechecks the page count): returning only after that counts as never
 *     woken;
 *  3. with kprobe events, dax_layout_busy_page_range() returned the busy
 *     page (a kretprobe, read from the trace buffer);
 *  4. a write carried A's content at submission to the device (read back
 *     with O_DIRECT), and B still holds what was written to it (an I/O
 *     into a block that B got would change it);
 *  5. the FOLL_PIN counters in /proc/vmstat: --pins pin (the converted
 *     kernel: block direct I/O pins) wants one pin per page, --pins ref
 *     (6.1: page references) none; acquired and released grow alike.
 * Truncate wait times are printed as min/median/max.  Output is TAP
 * (the kernel's kselftest.h).
 *
 *   daxtrunc [--pins pin|ref] [--iters N] [--delay-ms MS] [--size BYTES]
 *            [--label NAME] [--keep-filler] [--known unwoken|none] [--unmapped]
 *            DEVICE DIR
 *
 * DEVICE (its first --size bytes are overwritten) must delay every I/O by
 * --delay-ms; DIR is a directory on an fsdax-mounted file system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/falloc.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "memkind.h"
#include "util.h"

#define TRACING		"/sys/kernel/tracing"
#define MAX_EXT		32
#define MAX_ITERS	64

#define ATOMIC_SET(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ATOMIC_GET(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)

static bool opt_pin;
static int opt_iters = 4;
static long opt_delay_ms = 150;
static size_t opt_size = 1UL << 20;
static const char *opt_label = "dax";
static long opt_grace_ms = 500;
static bool opt_keep_filler;
/*
 * --known unwoken: the kernel's bio release never wakes a truncate waiting
 * for the pages (docs/vm.md, finding 1): such a truncate, ended by the kick,
 * is an expected failure (XFAIL) instead of a failure.  --unmapped: also run
 * the cases whose buffer is munmap()ed before the truncate (finding 2: no
 * wait at all, a WARN and reused blocks on every 6.1 kernel), which the
 * default run leaves out.
 */
static bool opt_known_unwoken;
static bool opt_unmapped;
#define UNWOKEN_WHY "known fault of this kernel: __bio_release_pages() drops the I/O's references with folio_put_refs(), which never calls wake_up_var(), so a truncate waiting in dax_layout_busy_page_range() sleeps until a signal (docs/vm.md, DAX finding 1)"
static pthread_t trunc_thread;	/* main: truncates, and is kicked */
static int pin_iters, pin_nbad;
static long pin_acq_sum, pin_rel_sum;
static char pin_bad[512];

static int dev_fd = -1;
static uint8_t *bounce;		/* page-aligned, opt_size: disk read-back */
static bool probe_on;
static char tracing_on_saved[16];

struct ext {
	uint64_t pos, len;
};

struct extents {
	int n;
	struct ext e[MAX_EXT];
};

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

static void on_kick(int sig)
{
	(void)sig;
}

/* progress on stderr: where a hang is, if the kernel hangs */
static void progress(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "daxtrunc %s [%lld us]: ", opt_label, now_us());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- kretprobe on dax_layout_busy_page_range(), read from the trace ---- */

static int probe_write(const char *file, const char *s, bool append)
{
	char path[128];

	snprintf(path, sizeof(path), TRACING "/%s", file);
	return write_str_flags(path, s, append ? O_APPEND : O_TRUNC);
}

/* disable and delete every daxtrunc probe, also a killed run's */
static void probe_delete(void)
{
	probe_write("events/daxtrunc/enable", "0", false);
	probe_write("kprobe_events", "-:daxtrunc/busy\n", true);
}

static void probe_setup(void)
{
	char why[160] = "";

	probe_delete();

	if (read_line(TRACING "/tracing_on", tracing_on_saved,
		      sizeof(tracing_on_saved))) {
		snprintf(why, sizeof(why), "no %s/tracing_on (tracefs not mounted, or no CONFIG_KPROBE_EVENTS)",
			 TRACING);
	} else if (probe_write("kprobe_events",
			       "r:daxtrunc/busy dax_layout_busy_page_range ret=$retval:x64\n",
			       true)) {
		snprintf(why, sizeof(why), "kretprobe on dax_layout_busy_page_range: %s",
			 strerror(errno));
	} else if (probe_write("events/daxtrunc/enable", "1", false) ||
		   probe_write("tracing_on", "1", false)) {
		snprintf(why, sizeof(why), "enabling the kretprobe: %s",
			 strerror(errno));
	} else {
		probe_on = true;
		return;
	}
	ksft_print_msg("%s: no busy-page evidence (%s)\n", opt_label, why);
}

static void probe_remove(void)
{
	if (!probe_on)
		return;
	probe_delete();
	probe_write("tracing_on", tracing_on_saved, false);
}

/* empty the ring buffer (opening "trace" with O_TRUNC clears it) */
static void probe_clear(void)
{
	if (probe_on)
		probe_write("trace", "", false);
}

/* returns of dax_layout_busy_page_range() since probe_clear(): all, non-NULL */
static void probe_count(long long *calls, long long *found)
{
	char line[512], *r;
	FILE *f;

	*calls = *found = -1;
	if (!probe_on)
		return;
	f = fopen(TRACING "/trace", "r");
	if (!f)
		return;
	*calls = *found = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strstr(line, " busy: "))
			continue;
		r = strstr(line, "ret=");
		if (!r)
			continue;
		(*calls)++;
		if (strtoull(r + 4, NULL, 16))
			(*found)++;
	}
	fclose(f);
}

/* ---- file helpers ---- */

static int get_extents(int fd, struct extents *x)
{
	struct {
		struct fiemap fm;
		struct fiemap_extent fe[MAX_EXT];
	} q;
	unsigned int i;

	memset(&q, 0, sizeof(q));
	q.fm.fm_length = FIEMAP_MAX_OFFSET;
	q.fm.fm_flags = FIEMAP_FLAG_SYNC;
	q.fm.fm_extent_count = MAX_EXT;
	if (ioctl(fd, FS_IOC_FIEMAP, &q.fm))
		return -1;
	x->n = q.fm.fm_mapped_extents;
	for (i = 0; i < q.fm.fm_mapped_extents; i++) {
		x->e[i].pos = q.fe[i].fe_physical;
		x->e[i].len = q.fe[i].fe_length;
	}
	return 0;
}

static uint64_t overlap(const struct extents *a, const struct extents *b)
{
	uint64_t sum = 0, lo, hi;
	int i, j;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++) {
			lo = a->e[i].pos > b->e[j].pos ? a->e[i].pos : b->e[j].pos;
			hi = a->e[i].pos + a->e[i].len < b->e[j].pos + b->e[j].len ?
			     a->e[i].pos + a->e[i].len : b->e[j].pos + b->e[j].len;
			if (hi > lo)
				sum += hi - lo;
		}
	return sum;
}

/* create @path holding @len bytes of pattern @seed, fsync()ed; fd or -1 */
static int make_file(const char *path, size_t len, unsigned int seed)
{
	uint8_t *buf = malloc(len);
	int fd;

	if (!buf)
		return -1;
	fill(buf, len, seed);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && (write_all(fd, buf, len) || fsync(fd))) {
		close(fd);
		fd = -1;
	}
	free(buf);
	return fd;
}

/*
 * Grow a filler file until less than half a buffer is free: the new file
 * then has to take blocks the truncate freed.  0, or -1 with errno.
 */
static int filler_fd = -1;

static int fill_up(int dir_fd, int fd)
{
	struct statvfs sv;
	struct stat st;
	off_t want;

	if (filler_fd < 0) {
		filler_fd = openat(dir_fd, "daxtrunc-filler.dat",
				   O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (filler_fd < 0)
			return -1;
	}
	if (fstatvfs(fd, &sv) || fstat(filler_fd, &st))
		return -1;
	/* f_bfree: root may use the reserved blocks too */
	want = (off_t)sv.f_bfree * sv.f_frsize - opt_size / 2;
	want &= ~(off_t)(PAGE_SZ - 1);
	/* metadata takes some of it: back off until it fits */
	while (want > 0 && fallocate(filler_fd, 0, st.st_size, want))
		want -= 1 << 20;
	return 0;
}

/* ---- the three threads ---- */

struct io_arg {
	bool write;
	uint8_t *buf;
	struct iter *it;
};

static void *io_thread(void *p)
{
	struct io_arg *a = p;

	struct iter *it = a->it;
	int i;

	ATOMIC_SET(it->t_sub, now_us());
	if (a->write)
		it->io_ret = pwrite(dev_fd, a->buf, opt_size, 0);
	else
		it->io_ret = pread(dev_fd, a->buf, opt_size, 0);
	it->io_err = it->io_ret < 0 ? errno : 0;
	ATOMIC_SET(it->t_done, now_us());
	/*
	 * The I/O is over and its pages are released.  A truncate that still
	 * waits for them gets kicked: the fs waits interruptibly, so a signal
	 * (no SA_RESTART) ends its wait with EINTR; main records that.
	 */
	for (i = 1; i <= 20 * opt_grace_ms / 10; i++) {
		usleep(10000);
		if (!ATOMIC_GET(it->t_tr0) || ATOMIC_GET(it->t_tr1))
			break;
		if (i % (opt_grace_ms / 10))
			continue;
		if (!ATOMIC_GET(it->kicks))
			ATOMIC_SET(it->t_kick, now_us());
		ATOMIC_SET(it->kicks, it->kicks + 1);
		pthread_kill(trunc_thread, SIGUSR1);
	}
	return NULL;
}

struct new_arg {
	int go;			/* read end of a pipe: a byte means "now" */
	int dir_fd;
	const char *path;
	unsigned int seed;
	struct iter *it;
};

static void *new_thread(void *p)
{
	struct new_arg *a = p;
	char c;
	int fd;

	if (read(a->go, &c, 1) != 1 || c != 'g')
		return NULL;
	if (syncfs(a->dir_fd)) {
		a->it->b_err = errno;
		return NULL;
	}
	fd = make_file(a->path, opt_size, a->seed);
	if (fd < 0)
		a->it->b_err = errno ? errno : EIO;
	else
		close(fd);
	return NULL;
}

/* ---- one iteration ---- */

#define SETUP_FAIL(it, ...) \
	snprintf((it)->why, sizeof((it)->why), __VA_ARGS__)

static void run_iter(const char *dir, const struct dcase *c, int n,
		     struct iter *it)
{
	unsigned int seed_a = 0x11 + n, seed_b = 0xa5 + n;
	char path_a[512], path_b[512];
	struct extents xa = { 0 }, xb = { 0 };
	struct io_arg ia;
	struct new_arg na;
	pthread_t tio, tnew;
	long acq0, rel0, acq1, rel1, t;
	bool mapped = false;
	int fd, pfd[2], dir_fd;
	uint8_t *map;
	size_t first;

	memset(it, 0, sizeof(*it));
	snprintf(path_a, sizeof(path_a), "%s/daxtrunc-a.dat", dir);
	snprintf(path_b, sizeof(path_b), "%s/daxtrunc-b.dat", dir);
	unlink(path_b);
	dir_fd = open(dir, O_RDONLY | O_DIRECTORY);
	fd = make_file(path_a, opt_size, seed_a);
	if (dir_fd < 0 || fd < 0) {
		SETUP_FAIL(it, "create %s: %s", path_a, strerror(errno));
		goto out_close;
	}
	if (!is_dax(fd)) {
		SETUP_FAIL(it, "%s is not a DAX file (STATX_ATTR_DAX clear)",
			   path_a);
		goto out_close;
	}
	if (get_extents(fd, &xa)) {
		SETUP_FAIL(it, "FIEMAP %s: %s", path_a, strerror(errno));
		goto out_close;
	}
	map = mmap(NULL, opt_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		SETUP_FAIL(it, "mmap %s: %s", path_a, strerror(errno));
		goto out_close;
	}
	mapped = true;
	/*
	 * Map every page now, so that the I/O's get_user_pages() is quick
	 * and the bio spends its time in the delay target, not in faults
	 */
	for (t = 0; t < (long)opt_size; t += PAGE_SZ)
		__atomic_fetch_add(&map[t], 0, __ATOMIC_RELAXED);
	progress("%d: file mapped", n);
	if (fill_up(dir_fd, fd))
		SETUP_FAIL(it, "filling %s up: %s", dir, strerror(errno));
	if (pipe(pfd)) {
		SETUP_FAIL(it, "pipe: %s", strerror(errno));
		goto out_unmap;
	}
	na = (struct new_arg){ pfd[0], dir_fd, path_b, seed_b, it };
	ia = (struct io_arg){ c->write, map, it };
	if (pthread_create(&tnew, NULL, new_thread, &na)) {
		SETUP_FAIL(it, "pthread_create");
		goto out_pipe;
	}
	probe_clear();
	progress("%d: file and threads ready", n);
	foll_pin_counters(&acq0, &rel0);
	if (pthread_create(&tio, NULL, io_thread, &ia)) {
		SETUP_FAIL(it, "pthread_create");
		close(pfd[1]);
		pthread_join(tnew, NULL);
		goto out_pipe;
	}
	/*
	 * The pages are mapped, so get_user_pages() is quick and the bio
	 * then sits in the delay target: start halfway through the delay.
	 * (Polling the dm device's /sys/.../inflight instead saw the bio
	 * only in the last few ms of the delay, if at all: no use.)
	 */
	while (!ATOMIC_GET(it->t_sub))
		usleep(100);
	while (now_us() < ATOMIC_GET(it->t_sub) + opt_delay_ms * 500 &&
	       !ATOMIC_GET(it->t_done))
		usleep(1000);
	it->inflight = !ATOMIC_GET(it->t_done);
	progress("%d: I/O %s", n, it->inflight ? "in flight" : "already done");
	if (c->unmap) {
		munmap(map, opt_size);
		mapped = false;
	}
	ATOMIC_SET(it->t_tr0, now_us());
	for (t = 0; t < 3; t++) {
		if (c->punch)
			it->tr_err = fallocate(fd, FALLOC_FL_PUNCH_HOLE |
					       FALLOC_FL_KEEP_SIZE, 0, opt_size) ?
				     errno : 0;
		else
			it->tr_err = ftruncate(fd, 0) ? errno : 0;
		if (it->tr_err != EINTR)
			break;
		/* kicked out of a wait nothing ended: once more */
		if (!it->intr)
			it->t_intr = now_us();
		it->intr = true;
	}
	ATOMIC_SET(it->t_tr1, now_us());
	/*
	 * The fs rechecks the page count when a signal ends its sleep, so
	 * a kicked wait usually returns 0, not EINTR: what counts is that
	 * it returned only after the kick.
	 */
	if (ATOMIC_GET(it->kicks) && it->t_tr1 >= ATOMIC_GET(it->t_kick)) {
		it->kicked = true;
		if (!it->intr)
			it->t_intr = ATOMIC_GET(it->t_kick);
	}
	progress("%d: %s returned %d%s", n, c->punch ? "punch" : "truncate",
		 it->tr_err, it->kicked ? " after a signal" : "");
	if (write(pfd[1], "g", 1) != 1)
		SETUP_FAIL(it, "pipe write: %s", strerror(errno));
	pthread_join(tio, NULL);
	progress("%d: I/O returned %zd", n, it->io_ret);
	pthread_join(tnew, NULL);
	progress("%d: new file written (error %d)", n, it->b_err);
	foll_pin_counters(&acq1, &rel1);
	it->pin_acq = acq1 - acq0;
	it->pin_rel = rel1 - rel0;
	probe_count(&it->busy_calls, &it->busy_found);

	/* a write must have carried A's content at submission */
	if (c->write) {
		memset(bounce, 0, opt_size);
		if (pread(dev_fd, bounce, opt_size, 0) != (ssize_t)opt_size)
			SETUP_FAIL(it, "O_DIRECT read-back: %s", strerror(errno));
		else
			it->disk_bad = check(bounce, opt_size, seed_a, &first);
	}
	/* B must hold what the third thread wrote, wherever its blocks are */
	if (!it->b_err) {
		int fb = open(path_b, O_RDONLY);
		uint8_t *buf = malloc(opt_size);

		if (fb < 0 || !buf ||
		    pread(fb, buf, opt_size, 0) != (ssize_t)opt_size)
			it->b_err = errno ? errno : EIO;
		else
			it->b_bad = check(buf, opt_size, seed_b, &first);
		if (fb >= 0 && !get_extents(fb, &xb))
			it->overlap = overlap(&xa, &xb);
		free(buf);
		if (fb >= 0)
			close(fb);
	}
	close(pfd[1]);
out_pipe:
	close(pfd[0]);
out_unmap:
	if (mapped)
		munmap(map, opt_size);
out_close:
	if (fd >= 0)
		close(fd);
	if (dir_fd >= 0)
		close(dir_fd);
	unlink(path_a);
	unlink(path_b);
}

/* ---- a case: N iterations, then one TAP line per property ---- */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void run_case(const char *dir, const struct dcase *c)
{
	static struct iter its[MAX_ITERS];
	long long waits[MAX_ITERS], early_max = 0, slack = opt_delay_ms * 250;
	char name[160], bad[1400];
	int i, n = opt_iters, nwait = 0, nbusy = 0, nreuse = 0, ntries = 0;
	int nstuck = 0, nearly = 0;
	long long stuck_max = 0;
	bool setup_ok = true, io_ok = true, data_ok = true;
	long want = opt_pin ? (long)(opt_size / PAGE_SZ) : 0;
	struct iter *it;

	snprintf(name, sizeof(name), "%s %s, O_DIRECT %s%s", opt_label,
		 c->punch ? "punch-hole" : "truncate",
		 c->write ? "write from the DAX mapping" : "read into the DAX mapping",
		 c->unmap ? ", buffer munmap()ed before" : "");
	/* an iteration whose I/O was over before it was seen in flight
	 * says nothing: run it again (up to 3 times)
	 */
	for (i = 0; i < n; i++) {
		int try;

		for (try = 1; try <= 3; try++) {
			run_iter(dir, c, i, &its[i]);
			if (its[i].why[0] ||
			    its[i].t_done - its[i].t_tr0 >= opt_delay_ms * 250)
				break;
		}
		its[i].tries = try > 3 ? 3 : try;
		ntries += its[i].tries;
	}

	/* 1: the scenario happened: I/O in flight when the truncate began */
	bad[0] = '\0';
	for (i = 0; i < n; i++) {
		it = &its[i];
		if (it->why[0] && setup_ok) {
			setup_ok = false;
			snprintf(bad, sizeof(bad), "iteration %d: %s", i, it->why);
		}
		if (it->io_ret != (ssize_t)opt_size || it->tr_err ||
		    it->t_done - it->t_tr0 < opt_delay_ms * 250) {
			if (io_ok && setup_ok)
				snprintf(bad, sizeof(bad),
					 "iteration %d: I/O returned %zd (%s), %s returned %s, started %.1f ms before the I/O completed (at least %ld needed)",
					 i, it->io_ret, strerror(it->io_err),
					 c->punch ? "fallocate" : "ftruncate",
					 strerror(it->tr_err),
					 (it->t_done - it->t_tr0) / 1000.0,
					 opt_delay_ms / 4);
			io_ok = false;
		}
	}
	/* a TAP line only when it did not (fewer lines: the importers are slow) */
	if (setup_ok && io_ok)
		ksft_print_msg("%s: %d iterations (%d runs), %zu KiB each, %s started at least a quarter of the dm-delay (%ld ms) before the I/O completed\n",
		     name, n, ntries, opt_size >> 10,
		     c->punch ? "punch" : "truncate", opt_delay_ms);
	else
		ksft_test_result(false, "%s: %d iterations (%d runs): %s\n",
			   name, n, ntries, bad);
	if (!setup_ok)
		return;

	/*
	 * 2: it returned only once the I/O had completed, and by itself: a
	 * truncate still asleep long after the I/O released its pages was
	 * never woken, and only the kick (EINTR) ended its wait
	 */
	for (i = 0; i < n; i++) {
		it = &its[i];
		it->intr |= it->kicked;
		waits[i] = (it->intr ? it->t_intr : it->t_tr1) - it->t_tr0;
		if (it->intr) {
			nstuck++;
			if (it->t_intr - it->t_done > stuck_max)
				stuck_max = it->t_intr - it->t_done;
		} else if (it->t_done - it->t_tr1 > slack) {
			nearly++;
			if (it->t_done - it->t_tr1 > early_max)
				early_max = it->t_done - it->t_tr1;
		} else {
			nwait++;
		}
	}
	qsort(waits, n, sizeof(waits[0]), cmp_ll);
	ksft_print_msg("%s: %s waited min %.1f median %.1f max %.1f ms (I/O delay %ld ms%s)\n",
	     name, c->punch ? "punch" : "truncate", waits[0] / 1000.0,
	     waits[n / 2] / 1000.0, waits[n - 1] / 1000.0, opt_delay_ms,
	     nstuck ? "; waits ended by a signal count until the signal" : "");
	for (i = 0; i < n; i++)
		ksft_print_msg("%s: iteration %d: I/O submitted +0, %s at +%.1f, returned +%.1f%s, I/O completed +%.1f ms\n",
		     name, i, c->punch ? "punch" : "truncate",
		     (its[i].t_tr0 - its[i].t_sub) / 1000.0,
		     (its[i].t_tr1 - its[i].t_sub) / 1000.0,
		     its[i].intr ? " (after a signal)" : "",
		     (its[i].t_done - its[i].t_sub) / 1000.0);
	bad[0] = '\0';
	if (nearly)
		snprintf(bad, sizeof(bad),
			 "; returned before the I/O completed in %d (up to %.1f ms early): blocks freed under in-flight DMA",
			 nearly, early_max / 1000.0);
	if (nstuck)
		snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
			 "; never woken in %d: still asleep %.1f ms after the I/O had released its pages, returned only after a signal",
			 nstuck, stuck_max / 1000.0);
	if (nwait < n && opt_known_unwoken && !c->unmap && !nearly) {
		char desc[1600];

		snprintf(desc, sizeof(desc), "%s: returned by itself only after the I/O completed in %d of %d iterations%s",
			 name, nwait, n, bad);
		tap_xfail(desc, UNWOKEN_WHY);
	} else {
		ksft_test_result(nwait == n, "%s: returned by itself only after the I/O completed in %d of %d iterations%s\n",
				 name, nwait, n, bad);
	}

	/* 3: the mechanism: dax_layout_busy_page_range() saw the page */
	if (probe_on) {
		long long calls = 0, found = 0;

		for (i = 0; i < n; i++) {
			calls += its[i].busy_calls;
			found += its[i].busy_found;
			nbusy += its[i].busy_found > 0;
		}
		ksft_test_result(nbusy == n,
			   "%s: dax_layout_busy_page_range() returned the busy page in %d of %d iterations (%lld calls, %lld non-NULL)\n",
			   name, nbusy, n, calls, found);
	} else {
		tap_skip(name, "no kretprobe on dax_layout_busy_page_range()");
	}

	/* 4: data: what the write carried, and the new file untouched */
	bad[0] = '\0';
	for (i = 0; i < n; i++) {
		it = &its[i];
		nreuse += it->overlap > 0;
		if (it->disk_bad || it->b_bad || it->b_err) {
			if (data_ok)
				snprintf(bad, sizeof(bad),
					 ": iteration %d: %zu bytes on the device differ from the file at submission, new file %zu bytes differ%s%s",
					 i, it->disk_bad, it->b_bad,
					 it->b_err ? ", new file: " : "",
					 it->b_err ? strerror(it->b_err) : "");
			data_ok = false;
		}
	}
	ksft_test_result(data_ok, "%s: %snew file written after the %s intact%s\n",
		   name, c->write ? "device got the file's content at submission, " : "",
		   c->punch ? "punch" : "truncate", bad);
	ksft_print_msg("%s: the new file got blocks the I/O buffer had in %d of %d iterations (%llu KiB in the last)\n",
	     name, nreuse, n, (unsigned long long)its[n - 1].overlap >> 10);

	/* 5: pins, summed up over all cases in main() */
	for (i = 0; i < n; i++) {
		it = &its[i];
		pin_iters++;
		pin_acq_sum += it->pin_acq;
		pin_rel_sum += it->pin_rel;
		if ((opt_pin ? it->pin_acq < want : it->pin_acq != 0) ||
		    it->pin_acq != it->pin_rel) {
			if (!pin_bad[0])
				snprintf(pin_bad, sizeof(pin_bad), " (%s, iteration %d: acquired +%ld, released +%ld)",
					 name, i, it->pin_acq, it->pin_rel);
			pin_nbad++;
		}
	}
}

static void print_usage(void)
{
	fprintf(stderr, "usage: daxtrunc [--pins pin|ref] [--iters N] [--delay-ms MS] [--size BYTES] [--label NAME] [--keep-filler] [--known unwoken|none] [--unmapped] DEVICE DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "pins", required_argument, NULL, 'p' },
		{ "iters", required_argument, NULL, 'n' },
		{ "delay-ms", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "label", required_argument, NULL, 'l' },
		{ "keep-filler", no_argument, NULL, 'k' },
		{ "known", required_argument, NULL, 'K' },
		{ "unmapped", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct dcase cases[] = {
		{ false, false, false }, { true, false, false },
		{ false, true, false }, { true, true, false },
		{ false, false, true }, { true, false, true },
		{ false, true, true }, { true, true, true },
	};
	struct sigaction sa = { .sa_handler = on_kick };
	char path[512];
	struct stat st;
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!strcmp(optarg, "pin"))
				opt_pin = true;
			else if (strcmp(optarg, "ref"))
				print_usage();
			break;
		case 'n':
			opt_iters = atoi(optarg);
			if (opt_iters < 1 || opt_iters > MAX_ITERS)
				print_usage();
			break;
		case 'd':
			opt_delay_ms = atol(optarg);
			if (opt_delay_ms < 10)
				print_usage();
			break;
		case 's':
			/* one bio: block/fops.c's simple path, all pages held before submission */
			opt_size = strtoul(optarg, NULL, 0);
			if (!opt_size || opt_size % PAGE_SZ || opt_size > (1UL << 20))
				print_usage();
			break;
		case 'l':
			opt_label = optarg;
			break;
		case 'k':
			opt_keep_filler = true;
			break;
		case 'K':
			if (!strcmp(optarg, "unwoken"))
				opt_known_unwoken = true;
			else if (strcmp(optarg, "none"))
				print_usage();
			break;
		case 'u':
			opt_unmapped = true;
			break;
		default:
			print_usage();
		}
	}
	if (optind != argc - 2)
		print_usage();
	tap_start();
	dev_fd = open(argv[optind], O_RDWR | O_DIRECT);
	if (dev_fd < 0 || fstat(dev_fd, &st) || !S_ISBLK(st.st_mode)) {
		ksft_test_result_fail("open %s O_DIRECT (a block device): %s\n",
				      argv[optind], strerror(errno));
		tap_finish();
	}
	if (posix_memalign((void **)&bounce, PAGE_SZ, opt_size)) {
		ksft_test_result_fail("posix_memalign\n");
		tap_finish();
	}
	/* no SA_RESTART: a kicked truncate returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	trunc_thread = pthread_self();
	probe_setup();
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (!cases[i].unmap || opt_unmapped)
			run_case(argv[optind + 1], &cases[i]);
	ksft_test_result(pin_iters && !pin_nbad,
		   "%s: FOLL_PIN %s, acquired = released, in %d of %d iterations (acquired +%ld, released +%ld in all)%s\n",
		   opt_label, opt_pin ? "pins taken, one per page at least (block direct I/O pins: converted kernel)" :
		   "not used (6.1 block direct I/O takes page references)",
		   pin_iters - pin_nbad, pin_iters, pin_acq_sum, pin_rel_sum,
		   pin_bad);
	probe_remove();
	progress("all cases done");
	if (filler_fd >= 0) {
		close(filler_fd);
		if (!opt_keep_filler) {
			snprintf(path, sizeof(path), "%s/daxtrunc-filler.dat",
				 argv[optind + 1]);
			unlink(path);
		}
	}
	close(dev_fd);
	progress("filler closed");
	tap_finish();
	return 0;
}
