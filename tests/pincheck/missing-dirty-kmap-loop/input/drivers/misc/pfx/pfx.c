// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

/* Copy a user buffer into another process-visible user buffer, page by page. */
static int pfx_fill_user(unsigned long uaddr, const char __user *src, size_t len)
{
	struct page **pages;
	int nr = DIV_ROUND_UP(len, PAGE_SIZE);
	int pinned, i, ret = 0;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (pinned < 0) {
		ret = pinned;
		goto out_free;
	}
	if (pinned != nr) {
		ret = -EFAULT;
		goto out_unpin;
	}
	for (i = 0; i < nr; i++) {
		size_t n = min_t(size_t, len, PAGE_SIZE);
		char *kaddr = kmap_local_page(pages[i]);

		if (copy_from_user(kaddr, src, n))
			ret = -EFAULT;
		kunmap_local(kaddr);
		if (ret)
			break;
		src += n;
		len -= n;
	}
out_unpin:
	unpin_user_pages(pages, pinned);
out_free:
	kfree(pages);
	return ret;
}
