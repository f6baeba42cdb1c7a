// SPDX-License-Identifier: GPL-2.0
/*
 * diotest - O_DIRECT writes from a MAP_SHARED file mapping while writeback
 * runs: short-term pins (or page references) of page cache, no RDMA.
 *
 * The source buffer of each O_DIRECT write is a MAP_SHARED mapping of a
 * file, so that direct I/O takes references on that file's page cache while
 * a syncfs() loop writes the same pages back.  The destination is another
 * file of the same file system, then the second half of the mapped file
 * itself (the case where writeback must not wait for the pin holder).  The
 * data read back with O_DIRECT must be what the CPU wrote each round, the
 * FOLL_PIN counters must balance, and after munmap and drop_caches the file
 * must hold the last round's data.  It needs root (drop_caches).
 * Output is TAP (kselftest.h); tests are named "writeback FS", as they are
 * the direct I/O half of mrwriteback's FS.
 *
 *   diotest FS:DIR...
 *
 * FS is a label (ext4, xfs), DIR a directory on that file system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "memkind.h"
#include "pagecache.h"
#include "util.h"

static int dio_rounds(int dst, off_t off, uint8_t *map, uint8_t *buf,
		      size_t len, int *failed)
{
	int i, seed, bad = 0;

	for (i = 0; i < WB_ROUNDS; i++) {
		seed = WB_SEED_ROUND + i;
		fill(map, len, seed);
		if (pwrite(dst, map, len, off) != (ssize_t)len ||
		    pread(dst, buf, len, off) != (ssize_t)len) {
			(*failed)++;
			continue;
		}
		bad += WB_PAGES - pages_ok(buf, len, seed);
	}
	return bad;
}

static void run_dio(const char *fs, const char *dir)
{
	size_t len = WB_PAGES * PAGE_SZ;
	char tag[64], src_path[4096], dst_path[4096];
	char saved[WB_NR_SYSCTLS][32];
	int src = -1, dst = -1, self = -1, bad, bad_self, failed = 0;
	long acq0 = 0, rel0 = 0, acq1 = 0, rel1 = 0, nsync;
	int last = WB_SEED_ROUND + WB_ROUNDS - 1;
	uint8_t *map = MAP_FAILED, *buf = NULL;
	struct syncer sy;

	snprintf(tag, sizeof(tag), "writeback %s", fs);
	if (posix_memalign((void **)&buf, PAGE_SZ, len)) {
		ksft_test_result_fail("%s: allocating a buffer\n", tag);
		return;
	}
	snprintf(src_path, sizeof(src_path), "%s/mrtest-dio-src.dat", dir);
	snprintf(dst_path, sizeof(dst_path), "%s/mrtest-dio-dst.dat", dir);
	dst = wb_create(dst_path, len, WB_SEED1, buf);
	src = wb_create(src_path, len, WB_SEED0, buf);
	/* the second half, written by direct I/O from the mapped first half */
	if (src >= 0 && (pwrite(src, buf, len, len) != (ssize_t)len ||
			 fsync(src))) {
		close(src);
		src = -1;
	}
	if (dst >= 0) {
		close(dst);
		dst = open(dst_path, O_RDWR | O_DIRECT);
	}
	if (src >= 0) {
		self = open(src_path, O_RDWR | O_DIRECT);
		map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, src, 0);
	}
	if (src < 0 || dst < 0 || self < 0 || map == MAP_FAILED) {
		ksft_test_result(false, "%s: direct I/O setup in %s: %s\n", tag, dir,
				 strerror(errno));
		goto out;
	}
	foll_pin_counters(&acq0, &rel0);
	wb_sysctls_set(saved, false);
	syncer_start(&sy, src);
	bad = dio_rounds(dst, 0, map, buf, len, &failed);
	bad_self = dio_rounds(self, len, map, buf, len, &failed);
	nsync = syncer_stop(&sy);
	wb_sysctls_set(saved, true);
	foll_pin_counters(&acq1, &rel1);
	ksft_test_result(!bad && !bad_self && !failed && nsync > 0,
			 "%s: 2 x %d rounds of O_DIRECT writes from a MAP_SHARED file mapping to another file and to the mapped file itself, racing with %ld syncfs(): each round's data arrived (%d + %d bad pages, %d failed I/Os)\n",
			 tag, WB_ROUNDS, nsync, bad, bad_self, failed);
	ksft_test_result(acq1 - acq0 == rel1 - rel0,
			 "%s: nr_foll_pin balanced across the direct I/O (acquired %+ld, released %+ld)\n",
			 tag, acq1 - acq0, rel1 - rel0);
	if (acq1 == acq0)
		ksft_print_msg("%s: direct I/O took no FOLL_PIN pins: 6.1's block direct I/O takes plain page references (FOLL_GET), which folio_maybe_dma_pinned() cannot see\n",
			       tag);
	if (fsync(src))
		ksft_print_msg("fsync %s: %s\n", src_path, strerror(errno));
	munmap(map, len);
	map = MAP_FAILED;
	drop_page_cache();
	bad = pread(src, buf, len, 0) == (ssize_t)len ?
	      WB_PAGES - pages_ok(buf, len, last) : WB_PAGES;
	bad_self = pread(src, buf, len, len) == (ssize_t)len ?
		   WB_PAGES - pages_ok(buf, len, last) : WB_PAGES;
	ksft_test_result(!bad && !bad_self,
			 "%s: after munmap and drop_caches both halves of the mapped file have the last round's data (%d, %d bad pages)\n",
			 tag, bad, bad_self);
out:
	if (map != MAP_FAILED)
		munmap(map, len);
	if (src >= 0)
		close(src);
	if (self >= 0)
		close(self);
	if (dst >= 0)
		close(dst);
	unlink(src_path);
	unlink(dst_path);
	free(buf);
}

static void print_usage(void)
{
	fprintf(stderr, "Usage: diotest FS:DIR...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	char *dir;
	int i;

	if (argc < 2)
		print_usage();
	tap_start();
	for (i = 1; i < argc; i++) {
		dir = strchr(argv[i], ':');
		if (!dir)
			print_usage();
		*dir++ = '\0';
		run_dio(argv[i], dir);
	}
	tap_finish();
}
