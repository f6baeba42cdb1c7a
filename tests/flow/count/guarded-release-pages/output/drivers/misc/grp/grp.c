// SPDX-License-Identifier: GPL-2.0
/* The signed count is checked for an errno before release_pages(). */
#include <linux/mm.h>

static int grp_peek(unsigned long uaddr, int n, struct page **pages, u8 *out)
{
	long got = pin_user_pages_fast(uaddr, n, 0, pages);

	if (got < 0)
		return got;
	*out = *(u8 *)page_address(pages[0]);
	unpin_user_pages(pages, got);
	return 0;
}
