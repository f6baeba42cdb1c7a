// SPDX-License-Identifier: GPL-2.0
/* The 4.10-5.8 argument list (tsk, mm, ...) with no newer branch beside it. */
#include <linux/mm.h>

static int rt_peek(struct task_struct *tsk, struct mm_struct *mm, unsigned long va, u8 *out)
{
	struct page *page;
	int ret;

	ret = get_user_pages_remote(tsk, mm, va, 1, FOLL_FORCE, &page, NULL, NULL);
	if (ret != 1)
		return -EFAULT;
	*out = *(u8 *)page_address(page);
	put_page(page);
	return 0;
}
