// SPDX-License-Identifier: GPL-2.0
/* A dirtying release loop over an unsigned count, its index alone on its line. */
#include <linux/mm.h>
#include <linux/highmem.h>

static int lc_fill(unsigned long uaddr, unsigned int n, struct page **pages)
{
	unsigned int j;
	int got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);

	if (got <= 0)
		return -EFAULT;
	memset(page_address(pages[0]), 0, PAGE_SIZE);
	n = got;
	for (j = 0; j < n; j++) {
		set_page_dirty_lock(pages[j]);
		put_page(pages[j]);
	}
	return 0;
}
