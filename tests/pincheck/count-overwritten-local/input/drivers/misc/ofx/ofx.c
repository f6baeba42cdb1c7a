// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int ofx_fill(unsigned long uaddr, int want, struct page **pages)
{
	int got;

	got = pin_user_pages_fast(uaddr, want, 0, pages);
	if (got <= 0)
		return -EFAULT;
	if (got < want) {
		got = want;
		goto release;
	}
	return got;	/* the caller unpins */
release:
	unpin_user_pages(pages, got);
	return -EFAULT;
}
