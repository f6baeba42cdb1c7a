// SPDX-License-Identifier: GPL-2.0
/* get_user_pages_unlocked(): (start, n, write, force, pages) on 4.6-4.8,
 * (start, n, pages, gup_flags) later; pin_user_pages_unlocked() is 5.8+. */
#include <linux/version.h>
#include <linux/mm.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
static long ul_old(unsigned long a, unsigned long n, struct page **opages)
{
	long got = get_user_pages_unlocked(a, n, 1, 0, opages);

	if (got > 0)
		release_pages(opages, got);
	return got;
}
#elif LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)
static long ul_mid(unsigned long a, unsigned long n, struct page **mpages)
{
	long got = get_user_pages_unlocked(a, n, mpages, FOLL_WRITE);

	if (got > 0)
		release_pages(mpages, got);
	return got;
}
#endif
