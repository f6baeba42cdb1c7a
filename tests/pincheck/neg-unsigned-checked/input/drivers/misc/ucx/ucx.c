// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int ucx_get(unsigned long uaddr, unsigned long n, struct page **pages)
{
	unsigned long got;

	got = pin_user_pages_fast(uaddr, n, 0, pages);
	if (IS_ERR_VALUE(got))
		return -EFAULT;
	if (got != n) {
		unpin_user_pages(pages, got);
		return -EFAULT;
	}
	ucx_use(pages, n);
	unpin_user_pages(pages, n);
	return 0;
}
