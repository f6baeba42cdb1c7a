// SPDX-License-Identifier: GPL-2.0
/* One release helper, two callers: both pass pages from get_user_pages*(). */
#include <linux/mm.h>

static void hp_put_pages(struct page **pages, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		unpin_user_page(pages[i]);
}

static int hp_read(unsigned long uaddr, unsigned long n, struct page **pages)
{
	long got = pin_user_pages_fast(uaddr, n, 0, pages);

	if (got < 0)
		return got;
	hp_put_pages(pages, got);
	return 0;
}

static int hp_write(unsigned long uaddr, unsigned long n, struct page **pages)
{
	long got = pin_user_pages_fast(uaddr, n, FOLL_WRITE, pages);

	if (got < 0)
		return got;
	hp_put_pages(pages, got);
	return 0;
}
