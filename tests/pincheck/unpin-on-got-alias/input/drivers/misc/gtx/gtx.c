// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int gtx_read(unsigned long uaddr, int nr, struct page **pages)
{
	struct page **list;
	int got;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (got <= 0)
		return -EFAULT;
	list = pages;
	gtx_copy(list, got);
	unpin_user_pages(list, got);
	return 0;
}
