// SPDX-License-Identifier: GPL-2.0
/* A helper compiled only where the configure test for pin_user_pages_fast()
 * failed (XDRV_HAS_PIN undefined: kernels before 5.6), next to code built
 * for every kernel (converted) and code under an unknown CONFIG_ test. */
#include <linux/mm.h>
#include "conftest.h"

#ifndef XDRV_HAS_PIN
static int xdrv_old_touch(unsigned long uaddr)
{
	struct page *page;

	if (get_user_pages_fast(uaddr, 1, 0, &page) != 1)
		return -EFAULT;
	put_page(page);
	return 0;
}
#endif

#ifdef CONFIG_XDRV_DEBUG
static int xdrv_dbg(unsigned long uaddr, struct page **dpages)
{
	int got = get_user_pages_fast(uaddr, 1, 0, dpages);

	if (got == 1)
		put_page(dpages[0]);
	return got;
}
#endif
