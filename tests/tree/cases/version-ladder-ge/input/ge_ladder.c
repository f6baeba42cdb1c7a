// SPDX-License-Identifier: GPL-2.0
/* A ladder written from the newest kernel down, one release after #endif. */
#include <linux/version.h>
#include <linux/mm.h>

static long ge_pin(unsigned long uaddr, unsigned long n, struct page **pages)
{
	long got;
	unsigned long i;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
#else
	got = get_user_pages_fast(uaddr, n, 1, pages);
#endif
	if (got < 0)
		return got;
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}
