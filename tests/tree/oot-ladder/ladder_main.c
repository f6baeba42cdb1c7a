// SPDX-License-Identifier: GPL-2.0
/* An out-of-tree driver that builds on 4.4 to 6.x: a version ladder. */
#include <linux/module.h>
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include "ladder.h"

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)
#define ladder_mmap_lock(mm) down_read(&(mm)->mmap_sem)
#define ladder_mmap_unlock(mm) up_read(&(mm)->mmap_sem)
#else
#define ladder_mmap_lock(mm) mmap_read_lock(mm)
#define ladder_mmap_unlock(mm) mmap_read_unlock(mm)
#endif

/* The whole ladder shares one release: left for a person (or COMPAT=1). */
long ladder_pin_all(unsigned long uaddr, long want, struct page **pages)
{
	long got, i;

	ladder_mmap_lock(current->mm);
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 6, 0)
	got = get_user_pages(current, current->mm, uaddr, want, 1, 0, pages, NULL);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	got = get_user_pages(uaddr, want, 1, 0, pages, NULL);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
	got = get_user_pages(uaddr, want, FOLL_WRITE, pages, NULL);
#else
	got = get_user_pages(uaddr, want, FOLL_WRITE, pages);
#endif
	ladder_mmap_unlock(current->mm);
	if (got < 0)
		return got;
	if (got != want) {
		for (i = 0; i < got; i++)
			put_page(pages[i]);
		return -EFAULT;
	}
	return got;
}
EXPORT_SYMBOL_GPL(ladder_pin_all);

void ladder_release_all(struct page **pages, long n)
{
	long i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}
EXPORT_SYMBOL_GPL(ladder_release_all);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pinconv test: a version ladder");
