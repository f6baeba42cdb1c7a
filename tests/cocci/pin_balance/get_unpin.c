// SPDX-License-Identifier: GPL-2.0
/* Kind 2: get_user_pages pages released with unpin_user_page*(). */
#include <linux/mm.h>

static int grab(unsigned long uaddr, struct page **pages, int npages)
{
	int got, i;

	got = get_user_pages_fast(uaddr, npages, FOLL_WRITE, pages);
	if (got <= 0)
		return got ? got : -EFAULT;
	if (got < npages) {
		unpin_user_pages(pages, got);
		return -EFAULT;
	}
	for (i = 0; i < got; i++) {
		flush_dcache_page(pages[i]);
		unpin_user_page(pages[i]);
	}
	return 0;
}

static int grab_one(unsigned long uaddr)
{
	struct page *page;
	long ret;

	ret = get_user_pages_unlocked(uaddr, 1, &page, 0);
	if (ret != 1)
		return -EFAULT;
	unpin_user_page(page);
	return 0;
}
