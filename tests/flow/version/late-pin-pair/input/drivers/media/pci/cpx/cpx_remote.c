// SPDX-License-Identifier: GPL-2.0
/* The other kind of pair: it switches where the remote call lost its tsk
 * argument (5.9), so every kernel from 6.1 on pins. */
#include <linux/mm.h>
#include <linux/version.h>

int cpx_peek_remote(struct task_struct *tsk, struct mm_struct *mm,
		    unsigned long va, struct page **page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 9, 0)
	return pin_user_pages_remote(mm, va, 1, FOLL_WRITE, page, NULL, NULL);
#else
	return get_user_pages_remote(tsk, mm, va, 1, FOLL_WRITE, page, NULL, NULL);
#endif
}

void cpx_unpeek(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 9, 0)
	unpin_user_page(page);
#else
	put_page(page);
#endif
}
