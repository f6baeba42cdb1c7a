// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int prx_get(unsigned long uaddr, unsigned int n, struct page **pages)
{
	int ret;
	unsigned int i;

	ret = pin_user_pages(uaddr, n, FOLL_WRITE, pages, NULL);
	if (ret < 0)
		return ret;
	if (ret != n) {
		for (i = 0; i < ret; i++)
			unpin_user_page(pages[i]);
		return -EFAULT;
	}
	prx_use(pages, n);
	for (i = 0; i < n; i++) {
		set_page_dirty_lock(pages[i]);
		unpin_user_page(pages[i]);
	}
	return 0;
}
