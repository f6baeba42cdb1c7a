// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include <linux/slab.h>
#include "wq_compat.h"

int wq_rx_copy(unsigned long uaddr, const void *src, size_t len)
{
	int nr = DIV_ROUND_UP(offset_in_page(uaddr) + len, PAGE_SIZE);
	struct page **pages;
	int got, i;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = wq_get_pages(uaddr & PAGE_MASK, nr, true, pages);
	if (got == nr) {
		void *va = kmap(pages[0]);

		memcpy(va + offset_in_page(uaddr), src, min_t(size_t, len, PAGE_SIZE));
		kunmap(pages[0]);
	}
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	kfree(pages);
	return got == nr ? 0 : -EFAULT;
}
