// SPDX-License-Identifier: GPL-2.0
/* get_user_pages() of four generations: (tsk, mm, ..., write, force, pages,
 * vmas) before 4.6, (..., write, force, pages, vmas) 4.6-4.8, gup_flags and
 * vmas 4.9-6.4, no vmas from 6.5. */
#include <linux/version.h>
#include <linux/mm.h>

static long gl_pin(unsigned long a, unsigned long n, struct page **pages)
{
	long got;
	unsigned long i;

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 6, 0)
	got = get_user_pages(current, current->mm, a, n, 1, 0, pages, NULL);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	got = get_user_pages(a, n, 1, 0, pages, NULL);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
	got = get_user_pages(a, n, FOLL_WRITE, pages, NULL);
#else
	got = get_user_pages(a, n, FOLL_WRITE, pages);
#endif
	if (got <= 0)
		return -EFAULT;
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}
