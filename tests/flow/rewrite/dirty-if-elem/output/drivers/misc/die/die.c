// SPDX-License-Identifier: GPL-2.0
/* set_page_dirty_lock() already took the page lock: one call does both. */
#include <linux/mm.h>

static int die_copy(unsigned long uaddr, int n, struct page **pages, bool dirty, u8 v)
{
	int got, i;

	got = pin_user_pages_fast(uaddr, n, dirty ? FOLL_WRITE : 0, pages);
	if (got <= 0)
		return -EFAULT;
	*(u8 *)page_address(pages[0]) = v;
	for (i = 0; i < got; i++) {
		unpin_user_pages_dirty_lock(&pages[i], 1, dirty);
	}
	return 0;
}
