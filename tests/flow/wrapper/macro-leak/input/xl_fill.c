// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include <linux/slab.h>
#include "xl_compat.h"

int xl_fill(unsigned long uaddr, int nr, u8 pattern)
{
	struct page **pages;
	int got, i;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = xl_gup(uaddr, nr, 1, pages);
	for (i = 0; i < got; i++) {
		void *va = kmap(pages[i]);

		memset(va, pattern, PAGE_SIZE);
		kunmap(pages[i]);
		set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
	kfree(pages);
	return got == nr ? 0 : -EFAULT;
}
