// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static void hpx_unpin(struct page **pages, unsigned long n)
{
	unpin_user_pages(pages, n);
}

static int hpx_a(unsigned long uaddr, struct page **pages)
{
	int got = pin_user_pages_fast(uaddr, 4, 0, pages);

	if (got <= 0)
		return -EFAULT;
	hpx_unpin(pages, got);
	return 0;
}

static int hpx_b(unsigned long uaddr, struct page **pages)
{
	int got = pin_user_pages_fast(uaddr, 2, FOLL_WRITE, pages);

	if (got <= 0)
		return -EFAULT;
	hpx_unpin(pages, got);
	return 0;
}
