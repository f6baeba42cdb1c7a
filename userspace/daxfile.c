// SPDX-License-Identifier: GPL-2.0
/*
 * daxtrunc's files on the DAX file system (see daxtrunc.h): where their
 * blocks are (FIEMAP), creating one with a pattern, and the filler file
 * that leaves less than half a buffer free, so that the file written after
 * a truncate has to take blocks the truncate freed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "daxtrunc.h"
#include "memkind.h"
#include "pagecache.h"

#define FILLER		"daxtrunc-filler.dat"

static int filler_fd = -1;

int get_extents(int fd, struct extents *x)
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

uint64_t overlap(const struct extents *a, const struct extents *b)
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

/* pagecache.c's wb_create(), with a buffer of its own */
int make_file(const char *path, size_t len, unsigned int seed)
{
	uint8_t *buf = malloc(len);
	int fd;

	if (!buf)
		return -1;
	fd = wb_create(path, len, seed, buf);
	free(buf);
	return fd;
}

int fill_up(int dir_fd, int fd)
{
	struct statvfs sv;
	struct stat st;
	off_t want;

	if (filler_fd < 0) {
		filler_fd = openat(dir_fd, FILLER, O_RDWR | O_CREAT | O_TRUNC,
				   0644);
		if (filler_fd < 0)
			return -1;
	}
	if (fstatvfs(fd, &sv) || fstat(filler_fd, &st))
		return -1;
	/* f_bfree: root may use the reserved blocks too */
	want = (off_t)sv.f_bfree * sv.f_frsize - dax.size / 2;
	want &= ~(off_t)(PAGE_SZ - 1);
	/* metadata takes some of it: back off until it fits */
	while (want > 0 && fallocate(filler_fd, 0, st.st_size, want))
		want -= 1 << 20;
	return 0;
}

void filler_close(const char *dir, bool keep)
{
	char path[512];

	if (filler_fd < 0)
		return;
	close(filler_fd);
	filler_fd = -1;
	if (!keep) {
		snprintf(path, sizeof(path), "%s/" FILLER, dir);
		unlink(path);
	}
}
