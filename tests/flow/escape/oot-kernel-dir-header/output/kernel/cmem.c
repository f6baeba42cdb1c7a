// SPDX-License-Identifier: GPL-2.0
/* An out-of-tree module under kernel/: a memory region pinned in chunks;
 * the pin call fills a chunk's array through a local that points into it;
 * the region's release walks the chunks. */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/err.h>
#include "cmem.h"

static void cmem_free_chunk(struct cmem_chunk *chunk, int num)
{
	struct page **p = chunk->plist;

	while (num--) {
		unpin_user_page(*p);
		p++;
	}
}

void cmem_release(struct cmem *mem)
{
	int i, left = mem->num_pages;

	for (i = 0; left; i++) {
		int n = min_t(int, CMEM_PER_CHUNK, left);

		cmem_free_chunk(&mem->chunk[i], n);
		kfree(mem->chunk[i].plist);
		left -= n;
	}
	kfree(mem->chunk);
	kfree(mem);
}

struct cmem *cmem_get(unsigned long start, unsigned long len)
{
	struct cmem *mem;
	unsigned long va = start & PAGE_MASK;
	int num_pages = PAGE_ALIGN(start + len - va) >> PAGE_SHIFT;
	int i, rv = 0;

	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return ERR_PTR(-ENOMEM);
	mem->chunk = kcalloc(num_pages / CMEM_PER_CHUNK + 1, sizeof(*mem->chunk),
			     GFP_KERNEL);
	if (!mem->chunk) {
		kfree(mem);
		return ERR_PTR(-ENOMEM);
	}
	mmap_read_lock(current->mm);
	for (i = 0; num_pages; i++) {
		int got = 0, nents = min_t(int, num_pages, CMEM_PER_CHUNK);

		mem->chunk[i].plist = kcalloc(nents, sizeof(struct page *), GFP_KERNEL);
		if (!mem->chunk[i].plist) {
			rv = -ENOMEM;
			goto out;
		}
		while (nents) {
			struct page **plist = &mem->chunk[i].plist[got];

			rv = pin_user_pages(va, nents,
					    FOLL_WRITE | FOLL_LONGTERM, plist,
					    NULL);
			if (rv < 0)
				goto out;
			mem->num_pages += rv;
			va += rv * PAGE_SIZE;
			nents -= rv;
			got += rv;
		}
		num_pages -= got;
	}
out:
	mmap_read_unlock(current->mm);
	if (rv > 0)
		return mem;
	cmem_release(mem);
	return ERR_PTR(rv);
}
