// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int cix_get(unsigned long start, unsigned long nr_pages, int len)
{
	struct page **pages = NULL;
	int ret;

	if (!len)
		goto out;
	pages = kmalloc_array(nr_pages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	ret = pin_user_pages_fast(start, nr_pages, FOLL_WRITE, pages);
	if (ret != nr_pages) {
		nr_pages = ret > 0 ? ret : 0;
		ret = -EAGAIN;
		goto out;
	}
	ret = cix_fill(pages, nr_pages);
out:
	if (pages)
		unpin_user_pages_dirty_lock(pages, nr_pages, true);
	kfree(pages);
	return ret;
}
