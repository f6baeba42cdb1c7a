// SPDX-License-Identifier: GPL-2.0
/*
 * A driver kept for old kernels: its guard says 4.4, and its calls use the
 * argument lists of the kernels it was written for, without an #if.
 */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include "pinconv_compat.h"

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 4, 0)
#error "olddrv needs Linux 4.4 or later"
#endif

struct od_buf {
	struct page **pages;
	int npages;
};

/* 4.4/4.5: tsk, mm, start, nr, write, force, pages, vmas */
static int od_get_task(struct od_buf *b, unsigned long uaddr)
{
	int got, i;

	down_read(&current->mm->mmap_sem);
	got = get_user_pages(current, current->mm, uaddr, b->npages, 1, 0,
			     b->pages, NULL);
	up_read(&current->mm->mmap_sem);
	if (got < b->npages) {
		for (i = 0; i < got; i++)
			put_page(b->pages[i]);
		return got < 0 ? got : -EFAULT;
	}
	return 0;
}

/* 4.6-4.8: start, nr, write, force, pages, vmas */
static int od_get_wf(struct page **pages, unsigned long uaddr, int n)
{
	int got, i;

	got = get_user_pages(uaddr, n, 1, 0, pages, NULL);
	if (got <= 0)
		return got;
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}

/* a name and argument list every kernel since 4.13 has */
static int od_get_fast(struct page **pages, unsigned long uaddr, int n)
{
	int got, i;

	got = pin_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got <= 0)
		return got;
	for (i = 0; i < got; i++)
		unpin_user_page(pages[i]);
	return 0;
}

/* the same old list, but only where it builds */
static int od_get_ladder(struct page **pages, unsigned long uaddr, int n)
{
	int got, i;

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 6, 0)
	got = get_user_pages(current, current->mm, uaddr, n, 1, 0, pages, NULL);
#else
	got = -ENOSYS;
#endif
	if (got <= 0)
		return got;
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}
