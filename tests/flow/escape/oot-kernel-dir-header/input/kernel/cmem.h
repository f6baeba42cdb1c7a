/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CMEM_H
#define CMEM_H
#include <linux/mm.h>

#define CMEM_PER_CHUNK 512

struct cmem_chunk {
	struct page **plist;
};

struct cmem {
	struct cmem_chunk *chunk;
	int num_pages;
};

struct cmem *cmem_get(unsigned long start, unsigned long len);
void cmem_release(struct cmem *mem);
#endif
