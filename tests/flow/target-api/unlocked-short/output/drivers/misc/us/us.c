// SPDX-License-Identifier: GPL-2.0
/* get_user_pages_unlocked() for one call: no FOLL_LONGTERM, the name stays. */
#include <linux/mm.h>

static int us_read(unsigned long uaddr, unsigned long n, struct page **pages, u8 *out)
{
	long got = pin_user_pages_unlocked(uaddr, n, pages, 0);
	long i;

	if (got <= 0)
		return -EFAULT;
	*out = *(u8 *)page_address(pages[0]);
	for (i = 0; i < got; i++)
		unpin_user_page(pages[i]);
	return 0;
}
