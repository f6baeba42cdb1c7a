// SPDX-License-Identifier: GPL-2.0
/* The index shares its declaration with a variable that stays in use. */
#include <linux/mm.h>
#include <linux/highmem.h>

static int lc_sum(unsigned long uaddr, unsigned long n, struct page **pages, u8 *out)
{
	unsigned long i, want = n;
	int got = pin_user_pages_fast(uaddr, want, 0, pages);

	if (got <= 0)
		return -EFAULT;
	*out = *(u8 *)page_address(pages[0]);
	n = got;
	for (i = 0; i < n; i++)
		unpin_user_page(pages[i]);
	return 0;
}
