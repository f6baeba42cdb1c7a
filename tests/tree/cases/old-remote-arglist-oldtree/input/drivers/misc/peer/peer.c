// SPDX-License-Identifier: GPL-2.0
/* A vendor driver in a 4.14 tree: the 4.10-5.8 argument list, no #if. */
#include <linux/mm.h>

int peer_touch(struct task_struct *tsk, struct mm_struct *mm, unsigned long va)
{
	struct page *page;
	long ret;

	ret = get_user_pages_remote(tsk, mm, va, 1, FOLL_WRITE, &page, NULL, NULL);
	if (ret != 1)
		return -EFAULT;
	put_page(page);
	return 0;
}
