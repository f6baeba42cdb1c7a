// SPDX-License-Identifier: GPL-2.0
/*
 * One daxtrunc iteration (see daxtrunc.h and the method in daxtrunc.c):
 * file A mapped MAP_SHARED from the DAX file system, an I/O thread doing
 * O_DIRECT from or into that mapping on the delay target, the truncate or
 * hole-punch of A halfway through the delay (kicked by a signal if it is
 * still asleep long after the I/O), a third thread writing file B the
 * moment it returns; CLOCK_MONOTONIC timestamps of each, pin counter
 * deltas, busy-page returns and the data checked afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "daxtrunc.h"
#include "memkind.h"
#include "util.h"

void on_kick(int sig)
{
	(void)sig;
}

void progress(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "daxtrunc %s [%lld us]: ", dax.label, now_us());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
		it->io_ret = pwrite(dax.dev_fd, a->buf, dax.size, 0);
	else
		it->io_ret = pread(dax.dev_fd, a->buf, dax.size, 0);
	it->io_err = it->io_ret < 0 ? errno : 0;
	ATOMIC_SET(it->t_done, now_us());
	/*
	 * The I/O is over and its pages are released.  A truncate that still
	 * waits for them gets kicked: the fs waits interruptibly, so a signal
	 * (no SA_RESTART) ends its wait with EINTR; main records that.
	 */
	for (i = 1; i <= 20 * dax.grace_ms / 10; i++) {
		usleep(10000);
		if (!ATOMIC_GET(it->t_tr0) || ATOMIC_GET(it->t_tr1))
			break;
		if (i % (dax.grace_ms / 10))
			continue;
		if (!ATOMIC_GET(it->kicks))
			ATOMIC_SET(it->t_kick, now_us());
		ATOMIC_SET(it->kicks, it->kicks + 1);
		pthread_kill(dax.trunc_thread, SIGUSR1);
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
	fd = make_file(a->path, dax.size, a->seed);
	if (fd < 0)
		a->it->b_err = errno ? errno : EIO;
	else
		close(fd);
	return NULL;
}

/* ---- one iteration ---- */

#define SETUP_FAIL(it, ...) \
	snprintf((it)->why, sizeof((it)->why), __VA_ARGS__)

/*
 * Map A (fd, at path) MAP_SHARED and touch every page, so that the I/O's
 * get_user_pages() is quick and the bio spends its time in the delay
 * target, not in faults; A's extents in *xa.  The mapping, or NULL with
 * it->why.
 */
static uint8_t *map_file(const char *path, int fd, struct extents *xa,
			 struct iter *it)
{
	uint8_t *map;
	size_t t;

	if (!is_dax(fd)) {
		SETUP_FAIL(it, "%s is not a DAX file (STATX_ATTR_DAX clear)",
			   path);
		return NULL;
	}
	if (get_extents(fd, xa)) {
		SETUP_FAIL(it, "FIEMAP %s: %s", path, strerror(errno));
		return NULL;
	}
	map = mmap(NULL, dax.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		SETUP_FAIL(it, "mmap %s: %s", path, strerror(errno));
		return NULL;
	}
	for (t = 0; t < dax.size; t += PAGE_SZ)
		__atomic_fetch_add(&map[t], 0, __ATOMIC_RELAXED);
	return map;
}

/*
 * Truncate A to 0 or punch a hole over it, with the timestamps of the
 * call and its return, and whether it ended only after a kick
 */
static void truncate_now(int fd, const struct dcase *c, struct iter *it)
{
	int t;

	ATOMIC_SET(it->t_tr0, now_us());
	for (t = 0; t < 3; t++) {
		if (c->punch)
			it->tr_err = fallocate(fd, FALLOC_FL_PUNCH_HOLE |
					       FALLOC_FL_KEEP_SIZE, 0, dax.size) ?
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
}

/*
 * After the threads: a write must have carried A's content (seed_a) at
 * submission to the device; B (path_b) must hold what the third thread
 * wrote (seed_b), wherever its blocks are, and how much of them A had
 */
static void check_data(const struct dcase *c, unsigned int seed_a,
		       const char *path_b, unsigned int seed_b,
		       const struct extents *xa, struct iter *it)
{
	struct extents xb = { 0 };
	size_t first;

	if (c->write) {
		memset(dax.bounce, 0, dax.size);
		if (pread(dax.dev_fd, dax.bounce, dax.size, 0) != (ssize_t)dax.size)
			SETUP_FAIL(it, "O_DIRECT read-back: %s", strerror(errno));
		else
			it->disk_bad = check(dax.bounce, dax.size, seed_a, &first);
	}
	if (!it->b_err) {
		int fb = open(path_b, O_RDONLY);
		uint8_t *buf = malloc(dax.size);

		if (fb < 0 || !buf ||
		    pread(fb, buf, dax.size, 0) != (ssize_t)dax.size)
			it->b_err = errno ? errno : EIO;
		else
			it->b_bad = check(buf, dax.size, seed_b, &first);
		if (fb >= 0 && !get_extents(fb, &xb))
			it->overlap = overlap(xa, &xb);
		free(buf);
		if (fb >= 0)
			close(fb);
	}
}

void run_iter(const char *dir, const struct dcase *c, int n, struct iter *it)
{
	unsigned int seed_a = 0x11 + n, seed_b = 0xa5 + n;
	char path_a[512], path_b[512];
	struct extents xa = { 0 };
	struct io_arg ia;
	struct new_arg na;
	pthread_t tio, tnew;
	long acq0, rel0, acq1, rel1;
	uint8_t *map = NULL;
	int fd, pfd[2], dir_fd;

	memset(it, 0, sizeof(*it));
	snprintf(path_a, sizeof(path_a), "%s/daxtrunc-a.dat", dir);
	snprintf(path_b, sizeof(path_b), "%s/daxtrunc-b.dat", dir);
	unlink(path_b);
	dir_fd = open(dir, O_RDONLY | O_DIRECTORY);
	fd = make_file(path_a, dax.size, seed_a);
	if (dir_fd < 0 || fd < 0) {
		SETUP_FAIL(it, "create %s: %s", path_a, strerror(errno));
		goto out_close;
	}
	map = map_file(path_a, fd, &xa, it);
	if (!map)
		goto out_close;
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
	while (now_us() < ATOMIC_GET(it->t_sub) + dax.delay_ms * 500 &&
	       !ATOMIC_GET(it->t_done))
		usleep(1000);
	it->inflight = !ATOMIC_GET(it->t_done);
	progress("%d: I/O %s", n, it->inflight ? "in flight" : "already done");
	if (c->unmap) {
		munmap(map, dax.size);
		map = NULL;
	}
	truncate_now(fd, c, it);
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
	check_data(c, seed_a, path_b, seed_b, &xa, it);
	close(pfd[1]);
out_pipe:
	close(pfd[0]);
out_unmap:
	if (map)
		munmap(map, dax.size);
out_close:
	if (fd >= 0)
		close(fd);
	if (dir_fd >= 0)
		close(dir_fd);
	unlink(path_a);
	unlink(path_b);
}
