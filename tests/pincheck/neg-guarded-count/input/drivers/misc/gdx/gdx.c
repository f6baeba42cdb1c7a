// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int gdx_xfer(unsigned long uaddr, int n, struct page **pages)
{
	long pinned;
	int ret = 0;

	pinned = pin_user_pages_fast(uaddr, n, 0, pages);
	if (pinned < 0)
		return pinned;
	if (pinned != n) {
		ret = -EFAULT;
		goto out;
	}
	gdx_use(pages, n);
out:
	unpin_user_pages(pages, pinned);
	return ret;
}
