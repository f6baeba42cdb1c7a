/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page cache under writeback, shared by mrwriteback (CPU writes under a
 * long-term RDMA pin) and diotest (O_DIRECT from a file mapping): files of
 * WB_PAGES pages with a seed's pattern, counting the pages that hold it, a
 * child calling syncfs() in a loop and fast background writeback.
 */
#ifndef PINCONV_PAGECACHE_H
#define PINCONV_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define WB_PAGES		64
#define WB_ROUNDS		4
#define WB_SEED0		0x10
#define WB_SEED1		0x11
#define WB_SEED_ROUND		0x20

/* pages of buf (len bytes of the file from offset 0) with the seed's pattern */
int pages_ok(const uint8_t *buf, size_t len, unsigned int seed);

/* a child calling syncfs() on a file's file system in a loop */
struct syncer {
	pid_t pid;
	long *count;
};

/* start the loop on fd's file system; returns once it runs */
void syncer_start(struct syncer *sy, int fd);
/* the number of syncfs() calls, or -1 if the child failed */
long syncer_stop(struct syncer *sy);

/*
 * Background writeback every 100 ms, data dirty for 100 ms counts as old;
 * restore puts back the values saved before.
 */
#define WB_NR_SYSCTLS		2
void wb_sysctls_set(char saved[WB_NR_SYSCTLS][32], bool restore);

/* create path with len bytes of the seed's pattern on disk; returns an fd */
int wb_create(const char *path, size_t len, unsigned int seed, uint8_t *buf);

/* /proc/kpageflags bits */
#define KPF_LOCKED		0
#define KPF_DIRTY		4
#define KPF_WRITEBACK		8

/*
 * How many of the npages pages mapped at addr have one of the kpageflags
 * bits in mask set in their folio (via /proc/self/pagemap and
 * /proc/kpageflags: needs root), or -1.
 */
int pages_with(const uint8_t *addr, size_t npages, uint64_t mask);
/* pages_with(KPF_DIRTY) */
int pages_dirty(const uint8_t *addr, size_t npages);

/* write back and drop the clean page cache (drop_caches 3) */
void drop_page_cache(void);

#endif /* PINCONV_PAGECACHE_H */
