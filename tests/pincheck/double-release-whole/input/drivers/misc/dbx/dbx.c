// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int dbx_xfer(unsigned long uaddr, int n, struct page **pages)
{
	int got, ret = 0;

	got = pin_user_pages_fast(uaddr, n, 0, pages);
	if (got < 0)
		return got;
	if (got != n) {
		ret = -EFAULT;
		unpin_user_pages(pages, got);
		goto out;
	}
	ret = dbx_run(pages, n);
out:
	unpin_user_pages(pages, got);
	return ret;
}
