// SPDX-License-Identifier: GPL-2.0
/*
 * A driver that still carries a branch for kernels before 5.6, although its
 * header refuses to build below 5.10: the branch is dead code, and the
 * release after the #endif is the >= 5.6 branch's alone.
 */
#include <linux/highmem.h>
#include "mgdrv.h"

void mg_put_pages(struct page **pages, int n, bool dirty)
{
	int i;

	for (i = 0; i < n; i++) {
		if (dirty)
			set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
}

int mg_fill(unsigned long uaddr, int n, struct page **pages, u8 pattern)
{
	int got, i;

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
#else
	got = get_user_pages_fast(uaddr, n, FOLL_WRITE | FOLL_FORCE, pages);
#endif
	if (got < 0)
		return got;
	for (i = 0; i < got; i++) {
		void *va = kmap(pages[i]);

		memset(va, pattern, PAGE_SIZE);
		kunmap(pages[i]);
	}
	mg_put_pages(pages, got, true);
	return got;
}
