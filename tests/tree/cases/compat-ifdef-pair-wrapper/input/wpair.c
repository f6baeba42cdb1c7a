// SPDX-License-Identifier: GPL-2.0
/* The compat pair lives in the driver's own macros. */
#include <linux/mm.h>

#ifdef HAVE_PIN_USER_PAGES_FAST
#define wp_get_pages(a, n, f, p) pin_user_pages_fast(a, n, f, p)
#define wp_put_page(p) unpin_user_page(p)
#else
#define wp_get_pages(a, n, f, p) get_user_pages_fast(a, n, f, p)
#define wp_put_page(p) put_page(p)
#endif

static int wp_touch(unsigned long uaddr)
{
	struct page *page;

	if (wp_get_pages(uaddr, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	wp_put_page(page);
	return 0;
}
