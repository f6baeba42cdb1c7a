// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int cfx_fill(unsigned long uaddr, const void *src, size_t len)
{
	struct page *page;

	if (pin_user_pages_fast(uaddr, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	memcpy_to_page(page, 0, src, len);
	unpin_user_page(page);
	return 0;
}
