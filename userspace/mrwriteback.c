// SPDX-License-Identifier: GPL-2.0
/*
 * mrwriteback - what does writeback do with page cache under a read-only
 * long-term RDMA pin?
 *
 * A read-only MR (IBV_ACCESS_REMOTE_READ) over a MAP_SHARED PROT_READ|PROT_WRITE
 * file mapping is a real FOLL_PIN long-term pin on stock 6.1 (FOLL_WRITE |
 * FOLL_FORCE) and on the patched kernel (no FOLL_WRITE), and the CPU may
 * still write the file through its mapping.  The patched kernel's writeback
 * skips pinned folios in background (WB_SYNC_NONE) writeback and, in
 * integrity (WB_SYNC_ALL) writeback, writes them but leaves them dirty.
 *
 * What the disk holds is read from the file's blocks on its block device
 * with O_DIRECT (found with FIEMAP): an O_DIRECT read of the file itself
 * would first write back its dirty page cache, and so could not tell
 * whether fsync() or background writeback did.  Dirty state comes from
 * /proc/kpageflags.  It needs root (kpageflags, drop_caches, the block
 * device).  Output is TAP (kselftest.h); tests are named "writeback FS".
 *
 *   mrwriteback [--expect stock|patched] [--dev NAME] [--gid-index N]
 *               FS:DIR...
 *
 * FS is a label (ext4, xfs), DIR a directory on that file system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include "memkind.h"
#include "pagecache.h"
#include "util.h"
#include "rdma.h"

struct disk_map {
	int bdev;		/* the file's block device, O_RDONLY | O_DIRECT */
	char name[64];
	int n;
	struct {
		uint64_t logical, physical, length;
	} ext[32];
};

static int open_bdev(struct disk_map *d, dev_t dev, char *why, size_t wlen)
{
	char path[128], line[256], name[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent",
		 major(dev), minor(dev));
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "DEVNAME=%63s", name) == 1)
			break;
	if (f)
		fclose(f);
	if (!name[0]) {
		snprintf(why, wlen, "no DEVNAME in %s", path);
		return -1;
	}
	snprintf(d->name, sizeof(d->name), "/dev/%s", name);
	d->bdev = open(d->name, O_RDONLY | O_DIRECT);
	if (d->bdev < 0 && errno == ENOENT) {
		/* no devtmpfs node: make a private one */
		snprintf(path, sizeof(path), "/tmp/mrtest-bdev-%d", getpid());
		if (!mknod(path, S_IFBLK | 0600, dev)) {
			d->bdev = open(path, O_RDONLY | O_DIRECT);
			unlink(path);
		}
	}
	if (d->bdev < 0) {
		snprintf(why, wlen, "open %s: %s", d->name, strerror(errno));
		return -1;
	}
	return 0;
}

/* map [0, len) of the file to its blocks; every byte must be written data */
static int disk_map_setup(struct disk_map *d, int fd, size_t len, char *why,
			  size_t wlen)
{
	const uint32_t unusual = FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC |
		FIEMAP_EXTENT_ENCODED | FIEMAP_EXTENT_DATA_ENCRYPTED |
		FIEMAP_EXTENT_NOT_ALIGNED | FIEMAP_EXTENT_DATA_INLINE |
		FIEMAP_EXTENT_DATA_TAIL | FIEMAP_EXTENT_UNWRITTEN;
	size_t sz = sizeof(struct fiemap) +
		    ARRAY_SIZE(d->ext) * sizeof(struct fiemap_extent);
	struct fiemap *fm = calloc(1, sz);
	uint64_t covered = 0;
	struct stat st;
	uint32_t i;
	int ret = -1;

	d->bdev = -1;
	if (!fm || fstat(fd, &st) || open_bdev(d, st.st_dev, why, wlen))
		goto out;
	fm->fm_length = len;
	fm->fm_extent_count = ARRAY_SIZE(d->ext);
	if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
		snprintf(why, wlen, "FS_IOC_FIEMAP: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < fm->fm_mapped_extents; i++) {
		struct fiemap_extent *e = &fm->fm_extents[i];

		if (e->fe_logical != covered || (e->fe_flags & unusual)) {
			snprintf(why, wlen, "extent %u at %llu (flags 0x%x) is not plain written data",
				 i, (unsigned long long)e->fe_logical,
				 e->fe_flags);
			goto out;
		}
		d->ext[i].logical = e->fe_logical;
		d->ext[i].physical = e->fe_physical;
		d->ext[i].length = e->fe_length;
		covered += e->fe_length;
	}
	d->n = fm->fm_mapped_extents;
	if (covered < len) {
		snprintf(why, wlen, "FIEMAP maps only %llu of %zu bytes",
			 (unsigned long long)covered, len);
		goto out;
	}
	ret = 0;
out:
	free(fm);
	return ret;
}

/* what the disk holds for [0, len) of the file; buf must be page aligned */
static int disk_read(struct disk_map *d, uint8_t *buf, size_t len)
{
	size_t n;
	int i;

	for (i = 0; i < d->n && d->ext[i].logical < len; i++) {
		n = d->ext[i].length;
		if (n > len - d->ext[i].logical)
			n = len - d->ext[i].logical;
		if (pread(d->bdev, buf + d->ext[i].logical, n,
			  d->ext[i].physical) != (ssize_t)n)
			return -1;
	}
	return 0;
}

static void run_writeback(const char *fs, const char *dir)
{
	size_t len = WB_PAGES * PAGE_SZ;
	int fd = -1, i, seed = 0, dirty, d_min = WB_PAGES, d_max = -1;
	int bad_disk = 0, bad_rdma = 0, fsync_err = 0, rdma_err = 0;
	int old_pages, new_pages;
	char tag[64], path[4096], why[512] = "";
	char saved[WB_NR_SYSCTLS][32];
	struct disk_map d = { .bdev = -1 };
	uint8_t *map = MAP_FAILED, *disk = NULL, *buf = NULL;
	struct ibv_mr *mr = NULL;
	long base = 0, held, after, nsync;
	struct syncer sy;
	struct rdma r;

	memset(&r, 0, sizeof(r));
	snprintf(tag, sizeof(tag), "writeback %s", fs);
	snprintf(path, sizeof(path), "%s/mrtest-wb.dat", dir);
	if (posix_memalign((void **)&disk, PAGE_SZ, len) ||
	    posix_memalign((void **)&buf, PAGE_SZ, len)) {
		ksft_test_result(false, "%s: allocating buffers\n", tag);
		goto out;
	}
	fd = wb_create(path, len, WB_SEED0, buf);
	if (fd < 0) {
		ksft_test_result(false, "%s: create %s: %s\n", tag, path, strerror(errno));
		goto out;
	}
	if (disk_map_setup(&d, fd, len, why, sizeof(why))) {
		ksft_test_result(false, "%s: locate %s on its block device: %s\n", tag,
				 path, why);
		goto out;
	}
	old_pages = disk_read(&d, disk, len) ? 0 : pages_ok(disk, len, WB_SEED0);
	ksft_test_result(old_pages == WB_PAGES,
			 "%s: the file's %d extent(s) read from %s with O_DIRECT hold the data written (%d/%d pages)\n",
			 tag, d.n, d.name, old_pages, WB_PAGES);

	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		ksft_test_result(false, "%s: mmap: %s\n", tag, strerror(errno));
		goto out;
	}
	if (rdma_open(&r, len) || link_up(&r)) {
		ksft_test_result(false, "%s: RDMA setup on %s\n", tag, verbs_dev);
		goto out;
	}
	base = pins_outstanding();
	mr = ibv_reg_mr(r.pd, map, len, IBV_ACCESS_REMOTE_READ);
	held = pins_outstanding() - base;
	ksft_test_result(mr && held == WB_PAGES,
			 "%s: read-only MR (REMOTE_READ) over a MAP_SHARED read/write mapping of %d file pages: %s, pins %+ld (want +%d)\n",
			 tag, WB_PAGES, mr ? "registered" : strerror(errno), held,
			 WB_PAGES);
	if (!mr)
		goto out;

	/*
	 * background writeback alone: what does it do with pinned pages?
	 * WRITE (without WAIT_BEFORE: all three flags together make it
	 * WB_SYNC_ALL) starts a WB_SYNC_NONE pass, WAIT_AFTER waits for it.
	 */
	fill(map, len, WB_SEED1);
	if (sync_file_range(fd, 0, len, SYNC_FILE_RANGE_WRITE |
			    SYNC_FILE_RANGE_WAIT_AFTER))
		ksft_print_msg("sync_file_range: %s\n", strerror(errno));
	dirty = pages_dirty(map, WB_PAGES);
	if (dirty < 0)
		ksft_print_msg("%s: cannot read the pages' flags (/proc/self/pagemap PFNs and /proc/kpageflags need root)\n",
			       tag);
	if (disk_read(&d, disk, len)) {
		old_pages = -1;
		new_pages = -1;
	} else {
		old_pages = pages_ok(disk, len, WB_SEED0);
		new_pages = pages_ok(disk, len, WB_SEED1);
	}
	if (verbs_patched)
		ksft_test_result(dirty == WB_PAGES && old_pages == WB_PAGES,
				 "%s: background writeback (sync_file_range WRITE|WAIT_AFTER, WB_SYNC_NONE) skips the pinned pages: %d/%d still dirty, the disk keeps the previous data in %d and has the new in %d pages\n",
				 tag, dirty, WB_PAGES, old_pages, new_pages);
	else
		ksft_print_msg("%s: stock kernel: after sync_file_range(WRITE) %d/%d pinned pages are dirty, the disk has the new data in %d and the previous in %d pages\n",
			       tag, dirty, WB_PAGES, new_pages, old_pages);

	/* CPU writes + fsync under the pin, with writeback running alongside */
	wb_sysctls_set(saved, false);
	syncer_start(&sy, fd);
	for (i = 0; i < WB_ROUNDS; i++) {
		seed = WB_SEED_ROUND + i;
		fill(map, len, seed);
		fsync_err += !!fsync(fd);
		/*
		 * The concurrent syncfs() loop may be writing a page right
		 * now: cleaned, locked or under writeback until it is
		 * re-dirtied.  Only a page in none of these states is clean.
		 */
		dirty = pages_with(map, WB_PAGES, 1ULL << KPF_DIRTY |
				   1ULL << KPF_LOCKED | 1ULL << KPF_WRITEBACK);
		if (dirty < d_min)
			d_min = dirty;
		if (dirty > d_max)
			d_max = dirty;
		bad_disk += disk_read(&d, disk, len) ? WB_PAGES :
			    WB_PAGES - pages_ok(disk, len, seed);
		memset(r.lbuf, 0, len);
		if (rdma_op(&r, IBV_WR_RDMA_READ, mr, len))
			rdma_err++;
		else
			bad_rdma += WB_PAGES - pages_ok(r.lbuf, len, seed);
	}
	nsync = syncer_stop(&sy);
	wb_sysctls_set(saved, true);
	ksft_test_result(!bad_disk && !fsync_err && nsync > 0,
			 "%s: %d rounds of CPU writes through the mapping + fsync() under the pin, %ld syncfs() and 100 ms background writeback alongside: the disk has each round's data (%d bad pages, %d fsync errors)\n",
			 tag, WB_ROUNDS, nsync, bad_disk, fsync_err);
	ksft_test_result(!bad_rdma && !rdma_err,
			 "%s: RDMA READ of the MR returns each round's data (%d bad pages, %d RDMA errors)\n",
			 tag, bad_rdma, rdma_err);
	if (verbs_patched)
		ksft_test_result(d_min == WB_PAGES,
				 "%s: the pinned pages stay dirty after fsync() (%d..%d of %d dirty, or locked or under writeback by the concurrent syncfs())\n",
				 tag, d_min, d_max, WB_PAGES);
	else
		ksft_print_msg("%s: stock kernel: after fsync() %d..%d of %d pinned pages are dirty (6.1 cleans pinned pages like any other)\n",
			       tag, d_min, d_max, WB_PAGES);

	link_down(&r);
	ibv_dereg_mr(mr);
	mr = NULL;
	after = pins_wait_for(base) - base;
	ksft_test_result(after == 0, "%s: pins released by ibv_dereg_mr (%+ld)\n", tag,
			 after);
	fsync_err = !!fsync(fd);
	dirty = pages_dirty(map, WB_PAGES);
	ksft_test_result(!fsync_err && dirty == 0,
			 "%s: unpinned, fsync() cleans the pages (%d/%d dirty)\n", tag,
			 dirty, WB_PAGES);
	munmap(map, len);
	map = MAP_FAILED;
	drop_page_cache();
	bad_disk = disk_read(&d, disk, len) ? WB_PAGES :
		   WB_PAGES - pages_ok(disk, len, seed);
	bad_rdma = pread(fd, buf, len, 0) != (ssize_t)len ? WB_PAGES :
		   WB_PAGES - pages_ok(buf, len, seed);
	ksft_test_result(!bad_disk && !bad_rdma,
			 "%s: after munmap and drop_caches the disk and read() have the last round's data (%d, %d bad pages)\n",
			 tag, bad_disk, bad_rdma);

out:
	if (mr) {
		link_down(&r);
		ibv_dereg_mr(mr);
	}
	link_down(&r);
	rdma_close(&r, len);
	if (map != MAP_FAILED)
		munmap(map, len);
	if (d.bdev >= 0)
		close(d.bdev);
	if (fd >= 0)
		close(fd);
	unlink(path);
	free(disk);
	free(buf);
}

static void print_usage(void)
{
	fprintf(stderr, "Usage: mrwriteback " VERBS_USAGE " FS:DIR...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const struct opt opts[] = { OPT_INCLUDE(verbs_opts), { } };
	char *dir;
	int i;

	if (parse_options(argc, argv, opts))
		print_usage();
	if (optind >= argc)
		print_usage();
	tap_start();
	for (i = optind; i < argc; i++) {
		dir = strchr(argv[i], ':');
		if (!dir)
			print_usage();
		*dir++ = '\0';
		run_writeback(argv[i], dir);
	}
	tap_finish();
}
