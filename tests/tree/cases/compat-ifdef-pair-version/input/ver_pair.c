// SPDX-License-Identifier: GPL-2.0
/* A compat pair on the kernel version, with a three-way remote ladder. */
#include <linux/version.h>
#include <linux/mm.h>

static int tt_pin(struct task_struct *tsk, struct mm_struct *mm, unsigned long va,
		  struct page **page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 9, 0)
	return pin_user_pages_remote(mm, va, 1, FOLL_WRITE, page, NULL, NULL);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(4, 10, 0)
	return get_user_pages_remote(tsk, mm, va, 1, FOLL_WRITE, page, NULL, NULL);
#else
	return get_user_pages_remote(tsk, mm, va, 1, 1, 0, page, NULL);
#endif
}

static void tt_unpin(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 9, 0)
	unpin_user_page(page);
#else
	put_page(page);
#endif
}
