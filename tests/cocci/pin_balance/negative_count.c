// SPDX-License-Identifier: GPL-2.0
/* Kind 6: unpin count that can be a negative errno. */
#include <linux/mm.h>

static int map_buf(unsigned long uaddr, struct page **pages, int npages)
{
	int ret;

	ret = pin_user_pages_fast(uaddr, npages, 0, pages);
	if (ret != npages) {
		unpin_user_pages(pages, ret);
		return -EFAULT;
	}
	return 0;
}

static int map_buf_dirty(unsigned long uaddr, struct page **pages, int npages,
			 bool dirty)
{
	long nr;
	int err = 0;

	mmap_read_lock(current->mm);
	nr = pin_user_pages(uaddr, npages, FOLL_WRITE, pages, NULL);
	mmap_read_unlock(current->mm);
	if (nr == npages)
		goto out;
	err = -EFAULT;
	unpin_user_pages_dirty_lock(pages, nr, dirty);
out:
	return err;
}
