// SPDX-License-Identifier: GPL-2.0
/* The count reaches release_pages() through another variable, unchecked. */
#include <linux/mm.h>

static int aer_peek(unsigned long uaddr, int n, struct page **pages, u8 *out)
{
	long got, nr;

	got = get_user_pages_fast(uaddr, n, 0, pages);
	nr = got;
	if (nr == n)
		*out = *(u8 *)page_address(pages[0]);
	release_pages(pages, nr);
	return nr == n ? 0 : -EFAULT;
}
