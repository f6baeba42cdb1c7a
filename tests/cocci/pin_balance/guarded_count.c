// SPDX-License-Identifier: GPL-2.0
/* Negative: the pin count is checked before it reaches unpin_user_pages(). */
#include <linux/mm.h>

static int map_a(unsigned long uaddr, struct page **pages, int npages)
{
	int ret;

	ret = pin_user_pages_fast(uaddr, npages, 0, pages);
	if (ret < 0)
		return ret;
	if (ret != npages) {
		unpin_user_pages(pages, ret);
		return -EFAULT;
	}
	return 0;
}

static int map_b(unsigned long uaddr, struct page **pages, int npages)
{
	long pinned;

	mmap_read_lock(current->mm);
	pinned = pin_user_pages(uaddr, npages, 0, pages, NULL);
	mmap_read_unlock(current->mm);
	if (pinned != npages) {
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		return -ENOMEM;
	}
	return 0;
}

static int map_c(unsigned long uaddr, struct page **pages, int npages, bool d)
{
	int nr = pin_user_pages_fast(uaddr, npages, 0, pages);

	if (unlikely(nr <= 0))
		goto err;
	unpin_user_pages_dirty_lock(pages, nr, d);
	return 0;
err:
	return nr ? nr : -EFAULT;
}
