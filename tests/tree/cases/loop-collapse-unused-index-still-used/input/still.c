// SPDX-License-Identifier: GPL-2.0
/* The index is used by another loop: it stays. */
#include <linux/mm.h>
#include <linux/highmem.h>

static int lc_xor(unsigned long uaddr, unsigned int n, struct page **pages, u8 *out)
{
	unsigned int i;
	int got = get_user_pages_fast(uaddr, n, 0, pages);

	if (got <= 0)
		return -EFAULT;
	n = got;
	for (i = 0; i < n; i++)
		*out ^= *(u8 *)page_address(pages[i]);
	for (i = 0; i < n; i++)
		put_page(pages[i]);
	return 0;
}
