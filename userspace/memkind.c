// SPDX-License-Identifier: GPL-2.0
/*
 * Memory kinds of the long-term pin matrix (see memkind.h), split out of
 * mrtest.c unchanged so that uringtest registers exactly the same memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "memkind.h"
#include "util.h"

const char *mem_prefix = "mrtest";

/*
 * Expected outcome (0 or the errno) per memory kind and access, for a stock
 * 6.1 kernel and for a kernel with pinconv's patches ("patched"; the converted
 * kernel has them too), of two long-term pins: ibv_reg_mr() (mrtest) and
 * io_uring_register_buffers() (uringtest).  "patched" refuses writable
 * long-term pins of page-cache (writeback) file pages in check_vma_flags()
 * (kernel/0001); change those rows here if the patched kernel's policy changes.
 *
 * ibv_reg_mr(): read-only ("ro": IBV_ACCESS_REMOTE_READ only) MRs of
 * MAP_SHARED PROT_READ mappings fail with EFAULT on 6.1: ib_umem_get() always
 * passes FOLL_WRITE, adding FOLL_FORCE for read-only MRs, and
 * check_vma_flags() refuses a forced write to a shared mapping without
 * VM_WRITE.  (Upstream later dropped FOLL_FORCE there and pins read-only MRs
 * without FOLL_WRITE; "patched" assumes that.)  fsdax is refused before that
 * check, with EOPNOTSUPP.
 *
 * io_uring (6.1 io_uring/rsrc.c io_pin_pages()): pin_user_pages() with
 * FOLL_WRITE | FOLL_LONGTERM, never FOLL_FORCE, so a PROT_READ mapping is
 * EFAULT on every kernel and fsdax is EOPNOTSUPP from check_vma_flags(), as
 * for MRs.  When all pages are pinned io_pin_pages() then refuses any VMA
 * whose vm_file is neither shmem nor hugetlbfs with EOPNOTSUPP and unpins
 * them again: ext4, xfs and devdax (a character device) are refused on 6.1
 * after being pinned, where ibv_reg_mr() keeps them.  Both take the pins of a
 * writable mapping with the same FOLL_WRITE | FOLL_LONGTERM, so on rw rows
 * gup's own verdict is the MR column: a refused io_uring registration whose
 * MR column is 0 pinned every page first (uringtest checks that count).
 */
const struct expect_row expect_table[] = {
	/* kind		rw	MR stock	MR patched	uring stock	uring patched */
	{ "anon",	true,	0,		0,		0,		0 },
	{ "shmem",	true,	0,		0,		0,		0 },
	{ "hugetlb",	true,	0,		0,		0,		0 },
	{ "ext4",	true,	0,		EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP },
	{ "ext4",	false,	EFAULT,		0,		EFAULT,		EFAULT },
	{ "xfs",	true,	0,		EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP },
	{ "xfs",	false,	EFAULT,		0,		EFAULT,		EFAULT },
	{ "ext4dax",	true,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP },
	{ "ext4dax",	false,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP },
	{ "xfsdax",	true,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP },
	{ "xfsdax",	false,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP,	EOPNOTSUPP },
	{ "devdax",	true,	0,		0,		EOPNOTSUPP,	EOPNOTSUPP },
	{ "devdax",	false,	EFAULT,		0,		EFAULT,		EFAULT },
};

const struct expect_row *expect_find(const char *kind, bool writable)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(expect_table); i++)
		if (!strcmp(expect_table[i].kind, kind) &&
		    expect_table[i].writable == writable)
			return &expect_table[i];
	return NULL;
}

/*
 * Memory kinds.  pin_per_page is what nr_foll_pin_acquired grows by per
 * 4 KiB page of the MR, as measured on 6.1: ib_umem_get() pins with
 * pin_user_pages_fast() and unpins with unpin_user_page_range_dirty_lock(),
 * and both account one unit per base page also inside a hugetlb folio or a
 * devdax PMD mapping (try_grab_folio(refs) / gup_put_folio(refs)).
 */
const struct kind_info kinds[] = {
	{ "anon",	MEM_ANON,	false,	1, "anonymous memory" },
	{ "shmem",	MEM_SHMEM,	false,	1, "shmem (memfd)" },
	{ "hugetlb",	MEM_HUGETLB,	false,	1, "hugetlb (memfd MFD_HUGETLB)" },
	{ "ext4",	MEM_FILE,	true,	1, "ext4 file MAP_SHARED" },
	{ "xfs",	MEM_FILE,	true,	1, "xfs file MAP_SHARED" },
	{ "ext4dax",	MEM_FILE,	true,	1, "ext4 -o dax (fsdax) file" },
	{ "xfsdax",	MEM_FILE,	true,	1, "xfs dax=always (fsdax) file" },
	{ "devdax",	MEM_DEVDAX,	true,	1, "devdax character device" },
	{ .name = NULL }
};

/* ---- data patterns ---- */

uint8_t pattern(unsigned int seed, size_t i)
{
	return (uint8_t)(i * 31 + (i >> 12) * 7 + seed);
}

void fill(uint8_t *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pattern(seed, i);
}

/* returns the number of bytes that do not match, first mismatch in *first */
size_t check(const uint8_t *p, size_t len, unsigned int seed, size_t *first)
{
	size_t i, bad = 0;

	*first = len;
	for (i = 0; i < len; i++) {
		if (p[i] != pattern(seed, i)) {
			if (!bad)
				*first = i;
			bad++;
		}
	}
	return bad;
}

const struct kind_info *find_kind(const char *name)
{
	size_t i;

	for (i = 0; kinds[i].name; i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

int write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* create (prefill == true) or reopen the test file of a file-backed kind */
static int file_prepare(struct mem *m, const char *dir, bool prefill)
{
	uint8_t *buf;

	snprintf(m->path, sizeof(m->path), "%s/%s-%s.dat", dir, mem_prefix,
		 m->writable ? "rw" : "ro");
	if (prefill) {
		m->fd = open(m->path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (m->fd < 0)
			goto err;
		buf = malloc(m->len);
		if (!buf) {
			close(m->fd);
			goto err;
		}
		fill(buf, m->len, 0x5a);
		if (write_all(m->fd, buf, m->len) || fsync(m->fd)) {
			free(buf);
			close(m->fd);
			goto err;
		}
		free(buf);
		close(m->fd);
	}
	m->fd = open(m->path, m->writable ? O_RDWR : O_RDONLY);
	if (m->fd < 0)
		goto err;
	return 0;
err:
	snprintf(m->why, sizeof(m->why), "%s: %s", m->path, strerror(errno));
	return -1;
}

bool is_dax(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		return false;
	return stx.stx_attributes & STATX_ATTR_DAX;
}

int mem_setup(struct mem *m, const char *arg, bool prefill)
{
	int prot = PROT_READ | (m->writable ? PROT_WRITE : 0);
	int flags = MAP_SHARED;

	m->fd = -1;
	m->addr = MAP_FAILED;
	switch (m->kind->type) {
	case MEM_ANON:
		flags = MAP_PRIVATE | MAP_ANONYMOUS;
		break;
	case MEM_SHMEM:
	case MEM_HUGETLB:
		m->fd = memfd_create(mem_prefix, m->kind->type == MEM_HUGETLB ?
				     MFD_HUGETLB : 0);
		if (m->fd < 0 || ftruncate(m->fd, m->len)) {
			snprintf(m->why, sizeof(m->why), "memfd: %s",
				 strerror(errno));
			return -1;
		}
		break;
	case MEM_FILE:
		if (file_prepare(m, arg, prefill))
			return -1;
		break;
	case MEM_DEVDAX:
		snprintf(m->path, sizeof(m->path), "%s", arg);
		if (prefill) {
			/* devdax has no write(): fill through a mapping */
			uint8_t *p;

			m->fd = open(arg, O_RDWR);
			if (m->fd < 0)
				goto err;
			p = mmap(NULL, m->len, PROT_READ | PROT_WRITE,
				 MAP_SHARED, m->fd, 0);
			if (p == MAP_FAILED)
				goto err;
			fill(p, m->len, 0x5a);
			munmap(p, m->len);
			close(m->fd);
		}
		m->fd = open(arg, m->writable ? O_RDWR : O_RDONLY);
		if (m->fd < 0)
			goto err;
		break;
	}
	m->addr = mmap(NULL, m->len, prot, flags, m->fd, 0);
	if (m->addr == MAP_FAILED) {
		snprintf(m->why, sizeof(m->why), "mmap %zu bytes: %s%s", m->len,
			 strerror(errno), m->kind->type == MEM_HUGETLB ?
			 " (not enough free huge pages: /proc/sys/vm/nr_hugepages)" : "");
		return -1;
	}
	if (m->kind->type == MEM_FILE && strstr(m->kind->name, "dax") &&
	    !is_dax(m->fd)) {
		snprintf(m->why, sizeof(m->why),
			 "%s is not a DAX file (STATX_ATTR_DAX clear): the filesystem did not enable DAX",
			 m->path);
		m->fatal = true;
		return -1;
	}
	if (prefill && m->kind->type != MEM_FILE &&
	    m->kind->type != MEM_DEVDAX)
		fill(m->addr, m->len, 0x5a);
	return 0;
err:
	snprintf(m->why, sizeof(m->why), "%s: %s", arg, strerror(errno));
	return -1;
}

void mem_unmap(struct mem *m)
{
	if (m->addr != MAP_FAILED) {
		if (m->kind->type == MEM_FILE && msync(m->addr, m->len, MS_SYNC))
			ksft_print_msg("msync: %s\n", strerror(errno));
		munmap(m->addr, m->len);
		m->addr = MAP_FAILED;
	}
}

void mem_close(struct mem *m)
{
	mem_unmap(m);
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}
