// SPDX-License-Identifier: GPL-2.0
/* A wrapper around pin_user_pages_fast(), and one around it. */
#include <linux/mm.h>

#define drv_pin(a, n, p) pin_user_pages_fast(a, n, FOLL_WRITE, p)
#define drv_pin_one(a, p) drv_pin(a, 1, p)

static int pw_map(unsigned long uaddr, struct page **pages)
{
	int got = drv_pin_one(uaddr, pages);

	if (got == 1)
		unpin_user_page(pages[0]);
	return got == 1 ? 0 : -EFAULT;
}
