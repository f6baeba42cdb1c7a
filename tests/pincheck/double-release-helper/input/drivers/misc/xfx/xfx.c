// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static void xfx_cleanup(struct page **pages, int n)
{
	unpin_user_pages(pages, n);
}

static int xfx_do(unsigned long uaddr, int n, struct page **pages)
{
	int got = pin_user_pages_fast(uaddr, n, 0, pages);

	if (got < 0)
		return got;
	if (got != n) {
		xfx_cleanup(pages, got);
		goto fail;
	}
	return xfx_submit(pages, n);
fail:
	unpin_user_pages(pages, got);
	return -EFAULT;
}
