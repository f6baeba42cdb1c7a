// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/highmem.h>
#include "xdma.h"

int xdma_copy_in(unsigned long uaddr, int n, void *dst)
{
	struct page **pages;
	int i, ret;

	ret = xdma_get_pages(uaddr, n, &pages);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		memcpy_from_page(dst + i * PAGE_SIZE, pages[i], 0, PAGE_SIZE);
		put_page(pages[i]);
	}
	kvfree(pages);
	return 0;
}
