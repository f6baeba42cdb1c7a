// SPDX-License-Identifier: GPL-2.0
/* One release helper for user pages and for pages the driver allocated. */
#include <linux/mm.h>

static void hm_put_pages(struct page **pages, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

static int hm_user(unsigned long uaddr, unsigned long n, struct page **pages)
{
	long got = get_user_pages_fast(uaddr, n, 0, pages);

	if (got < 0)
		return got;
	hm_put_pages(pages, got);
	return 0;
}

static int hm_kernel(struct page **bounce, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		bounce[i] = alloc_page(GFP_KERNEL);
	hm_put_pages(bounce, n);
	return 0;
}
