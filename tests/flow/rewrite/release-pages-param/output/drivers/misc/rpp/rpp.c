// SPDX-License-Identifier: GPL-2.0
/* release_pages() with a count that never held the gup return value. */
#include <linux/mm.h>

struct rpp_buf {
	struct page **pages;
	unsigned long npages;
};

static int rpp_pin(struct rpp_buf *b, unsigned long uaddr)
{
	long got = pin_user_pages_fast(uaddr, b->npages,
				       FOLL_WRITE | FOLL_LONGTERM, b->pages);

	if (got != b->npages)
		return -EFAULT;		/* got pages stay held */
	return 0;
}

static void rpp_release(struct rpp_buf *b)
{
	unpin_user_pages(b->pages, b->npages);
}
