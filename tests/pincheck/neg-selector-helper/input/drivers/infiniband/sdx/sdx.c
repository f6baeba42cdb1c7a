// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static void sdx_drop(struct page *page, int put)
{
	if (put)
		unpin_user_page(page);
	else
		__free_page(page);
}

static int sdx_pin(unsigned long addr, struct page **pages, int n)
{
	int i, ret = pin_user_pages_fast(addr, n, FOLL_LONGTERM, pages);

	if (ret != n) {
		for (i = 0; i < ret; i++)
			sdx_drop(pages[i], 1);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		sdx_drop(pages[i], 1);
	return 0;
}

static int sdx_coalesce(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	if (!page)
		return -ENOMEM;
	sdx_drop(page, 0);
	return 0;
}
