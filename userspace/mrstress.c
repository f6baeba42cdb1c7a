// SPDX-License-Identifier: GPL-2.0
/*
 * mrstress - truncate, punch holes, sync, drop caches and memory pressure
 * under a live writable long-term RDMA pin of an ext4 file.
 *
 * A thread keeps writing the MR with RDMA WRITE while the main thread first
 * runs writeback and reclaim only (the pinned pages stay in the file: read()
 * must see the RDMA data), then truncates the file and punches holes in it
 * under the pin.  Nothing may fail, crash or leak a pin.  The patched kernel
 * refuses the writable pin (memkind.c's expectation table), so there the
 * scenario cannot arise and is skipped.  Output is TAP (kselftest.h); the
 * tests are named "stress".
 *
 *   mrstress [--expect stock|patched] [--dev NAME] [--gid-index N]
 *            [--size BYTES] [--iters N] [--pressure-mb N] DIR
 *
 * DIR is a directory on ext4.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "memkind.h"
#include "pagecache.h"
#include "util.h"
#include "rdma.h"

static size_t opt_size = 4UL << 20;
static int opt_iters = 3;
static int opt_pressure_mb = 128;

struct writer {
	struct rdma *r;
	struct ibv_mr *mr;
	size_t len;
	bool stop;	/* accessed with __atomic builtins */
	long writes;
	int errors;
};

static void *writer_fn(void *arg)
{
	struct writer *w = arg;

	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		if (rdma_op(w->r, IBV_WR_RDMA_WRITE, w->mr, w->len)) {
			w->errors++;
			break;
		}
		w->writes++;
	}
	return NULL;
}

static void memory_pressure(size_t mb)
{
	size_t len = mb << 20, i;
	pid_t pid;
	char *p;

	pid = fork();
	if (pid == 0) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		for (i = 0; i < len; i += PAGE_SZ)
			p[i] = 1;
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static void run_stress(const char *dir, size_t len)
{
	const struct kind_info *k = find_kind("ext4");
	struct mem m = { .kind = k, .writable = true, .len = len };
	struct writer w = { 0 };
	long base, after;
	struct ibv_mr *mr;
	pthread_t th;
	struct rdma r;
	int i, ops = 0, err, want_err;
	size_t zero = 0, same = 0, want = 0, j, bad, first;
	uint8_t *buf;
	ssize_t n;

	if (mem_setup_tap(&m, dir, "stress"))
		return;
	if (rdma_open(&r, len) || link_up(&r)) {
		ksft_test_result(false, "stress: RDMA setup on %s\n", verbs_dev);
		return;
	}
	base = pins_outstanding();
	mr = ibv_reg_mr(r.pd, m.addr, len, verbs_reg_access(true));
	err = mr ? 0 : errno;
	want_err = verbs_expected_errno("ext4", true);
	if (err != want_err) {
		ksft_test_result(false, "stress: ibv_reg_mr on ext4: %s (expected on %s kernel: %s)\n",
				 err ? strerror(err) : "registered",
				 verbs_kernel(),
				 want_err ? strerror(want_err) : "registered");
		if (mr)
			ibv_dereg_mr(mr);
		goto out;
	}
	if (!mr) {
		/* the patched kernel: nothing can write through a pin here */
		ksft_test_result(pins_wait_for(base) == base,
				 "stress: writable ext4 MR refused as expected (%s), no pins left behind\n",
				 strerror(err));
		tap_skip("stress: truncate/punch-hole/writeback under a live writable ext4 pin",
			 "this kernel refuses writable long-term pins of ext4 page cache, so the scenario cannot arise");
		goto out;
	}
	fill(r.lbuf, len, 0x77);
	w.r = &r;
	w.mr = mr;
	w.len = len;
	if (pthread_create(&th, NULL, writer_fn, &w)) {
		ksft_test_result(false, "stress: writer thread\n");
		return;
	}
	/* phase 1: writeback and reclaim only; the pinned pages stay in the file */
	for (i = 0; i < opt_iters; i++) {
		sync();
		drop_page_cache();
		memory_pressure(opt_pressure_mb);
	}
	buf = malloc(len);
	n = buf ? pread(m.fd, buf, len, 0) : -1;
	bad = n == (ssize_t)len ? check(buf, len, 0x77, &first) : len;
	ksft_test_result(!bad && w.writes > 0,
			 "stress: after %d rounds of sync/drop_caches/pressure under %ld RDMA WRITEs, read() sees the RDMA data (%zu bad bytes)\n",
			 opt_iters, w.writes, bad);
	free(buf);

	/* phase 2: truncate and punch holes under the live pin */
	for (i = 0; i < opt_iters; i++) {
		ops += !ftruncate(m.fd, 0);
		ops += !ftruncate(m.fd, len);
		ops += !fallocate(m.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				  len / 4, len / 4);
		sync();
		drop_page_cache();
		memory_pressure(opt_pressure_mb);
		ops += 3;
	}
	__atomic_store_n(&w.stop, true, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	ksft_test_result(w.errors == 0 && ops == opt_iters * 6,
			 "stress: %d iterations of truncate/punch-hole/sync/drop_caches/%d MiB pressure under %ld RDMA WRITEs of a live ext4 MR (%d failed ops, %d RDMA errors)\n",
			 opt_iters, opt_pressure_mb, w.writes, opt_iters * 6 - ops,
			 w.errors);

	/* one last write after all that, then see what the file holds */
	fill(r.lbuf, len, 0x99);
	if (rdma_op(&r, IBV_WR_RDMA_WRITE, mr, len))
		ksft_print_msg("final RDMA WRITE failed\n");
	link_down(&r);
	ibv_dereg_mr(mr);
	after = pins_wait_for(base) - base;
	ksft_test_result(after == 0, "stress: pins balanced after deregistration (%+ld)\n",
			 after);
	mem_unmap(&m);
	buf = malloc(len);
	n = buf ? pread(m.fd, buf, len, 0) : -1;
	if (n == (ssize_t)len) {
		/* count only bytes where the RDMA data is not zero itself */
		for (j = 0; j < len; j++) {
			zero += !buf[j];
			same += buf[j] && buf[j] == pattern(0x99, j);
			want += !!pattern(0x99, j);
		}
		ksft_print_msg("after truncate under a live pin the file holds %zu of %zu non-zero bytes of the last RDMA WRITE and %zu zero bytes of %zu: the MR still points at the pages truncated out of the file\n",
			       same, want, zero, len);
	}
	free(buf);
	ksft_test_result(true, "stress: clean exit\n");
out:
	link_down(&r);
	rdma_close(&r, len);
	mem_close(&m);
}

static void print_usage(void)
{
	fprintf(stderr,
		"Usage: mrstress " VERBS_USAGE " [--size BYTES]\n"
		"                [--iters N] [--pressure-mb N] DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const struct opt opts[] = {
		OPT_INCLUDE(verbs_opts),
		OPT_BYTES("size", &opt_size, PAGE_SZ, 0),
		OPT_INT("iters", &opt_iters, 1, INT_MAX),
		OPT_INT("pressure-mb", &opt_pressure_mb, 0, INT_MAX),
		{ }
	};

	if (parse_options(argc, argv, opts) || optind != argc - 1)
		print_usage();
	tap_start();
	run_stress(argv[optind], opt_size);
	tap_finish();
}
