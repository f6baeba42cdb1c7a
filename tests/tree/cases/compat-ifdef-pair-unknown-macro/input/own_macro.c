// SPDX-License-Identifier: GPL-2.0
/* The pair's macro is the driver's own (meaning unknown): the other branch
 * pins, so this one is the fallback all the same. */
#include <linux/mm.h>

static int om_get(unsigned long uaddr, struct page **pages, int n)
{
#ifdef OM_USE_PIN
	return pin_user_pages_fast(uaddr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
#else
	return get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
#endif
}
