/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory kinds of the long-term pin matrix, shared by mrtest (RDMA MRs) and
 * uringtest (io_uring fixed buffers): the expectation table per kind and
 * kernel, and setting up, filling and checking a mapping of each kind.
 */
#ifndef PINCONV_MEMKIND_H
#define PINCONV_MEMKIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define PAGE_SZ		4096UL

enum mem_type { MEM_ANON, MEM_SHMEM, MEM_HUGETLB, MEM_FILE, MEM_DEVDAX };

/* one row of the expectation table: 0 or the errno, per consumer and kernel */
struct expect_row {
	const char *kind;
	bool writable;
	int stock;		/* ibv_reg_mr() */
	int patched;
	int uring_stock;	/* io_uring_register_buffers() */
	int uring_patched;
};

struct kind_info {
	const char *name;
	enum mem_type type;
	bool has_ro;
	int pin_per_page;
	const char *label;
};

extern const struct kind_info kinds[];

/* the expectation row of (kind, writable), or NULL */
const struct expect_row *expect_find(const char *kind, bool writable);

uint8_t pattern(unsigned int seed, size_t i);
void fill(uint8_t *p, size_t len, unsigned int seed);
/* returns the number of bytes that do not match, first mismatch in *first */
size_t check(const uint8_t *p, size_t len, unsigned int seed, size_t *first);

struct mem {
	const struct kind_info *kind;
	bool writable;
	char path[4096];
	int fd;
	uint8_t *addr;
	size_t len;
	char why[4200];	/* reason when setup could not be done (skip) */
	bool fatal;	/* ... and that is a failure, not a skip */
};

/* names the test files (PREFIX-rw.dat) and memfds; "mrtest" unless set */
extern const char *mem_prefix;

const struct kind_info *find_kind(const char *name);
int write_all(int fd, const uint8_t *p, size_t len);
bool is_dax(int fd);
/*
 * Map m->len bytes of m->kind (arg: the directory of a file kind, the device
 * of devdax); prefill writes pattern seed 0x5a first.  0, or -1 with m->why
 * (and m->fatal when that is a failure rather than a skip).
 */
int mem_setup(struct mem *m, const char *arg, bool prefill);
void mem_unmap(struct mem *m);
void mem_close(struct mem *m);

/*
 * mem_setup() (prefilled) for the test named @tag: setup that cannot be
 * done is a skip, or a failure when m->fatal, and then m is closed and -1
 * returned.  Static inline, so that the result counts in the calling
 * program's kselftest.h counters.
 */
static inline int mem_setup_tap(struct mem *m, const char *arg,
				const char *tag)
{
	if (!mem_setup(m, arg, true))
		return 0;
	if (m->fatal)
		ksft_test_result_fail("%s: %s\n", tag, m->why);
	else
		tap_skip(tag, m->why);
	mem_close(m);
	return -1;
}

#endif /* PINCONV_MEMKIND_H */
