// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static unsigned long pfx_pin_one(unsigned long uaddr)
{
	struct page *page;

	if (pin_user_pages_fast(uaddr, 1, FOLL_WRITE, &page) != 1)
		return 0;
	return page_to_pfn(page);
}

static void pfx_drop(unsigned long pfn)
{
	put_page(pfn_to_page(pfn));
}

static int pfx_poke(unsigned long uaddr)
{
	unsigned long pfn = pfx_pin_one(uaddr);

	if (!pfn)
		return -EFAULT;
	pfx_drop(pfn);
	return 0;
}
