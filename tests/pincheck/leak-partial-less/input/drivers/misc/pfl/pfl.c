// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int pfl_get(unsigned long uaddr, int n, struct page **pages)
{
	int ret = pin_user_pages_fast(uaddr, n, FOLL_WRITE, pages);

	if (ret < 0)
		return ret;
	if (ret < n)
		return -EFAULT;
	pfl_use(pages, n);
	unpin_user_pages_dirty_lock(pages, n, true);
	return 0;
}
