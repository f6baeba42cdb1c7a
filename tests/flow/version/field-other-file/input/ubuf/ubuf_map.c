// SPDX-License-Identifier: GPL-2.0
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "ubuf.h"

int ubuf_map(struct ubuf *ub, unsigned long uaddr, int npages)
{
	struct page **pages;
	int got, i;

	pages = kvmalloc_array(npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(uaddr, npages, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (got < 0) {
		kvfree(pages);
		return got;
	}
	ub->pages = pages;
	ub->npages = got;
#else
	/* no long-term page references before 5.6: take a copy */
	got = get_user_pages_fast(uaddr, npages, 0, pages);
	if (got < 0) {
		kvfree(pages);
		return got;
	}
	ub->copy = vmalloc(got * PAGE_SIZE);
	for (i = 0; i < got; i++) {
		void *va = kmap(pages[i]);

		if (ub->copy)
			memcpy(ub->copy + i * PAGE_SIZE, va, PAGE_SIZE);
		kunmap(pages[i]);
		put_page(pages[i]);
	}
	kvfree(pages);
	ub->pages = NULL;
	ub->npages = got;
#endif
	return 0;
}
