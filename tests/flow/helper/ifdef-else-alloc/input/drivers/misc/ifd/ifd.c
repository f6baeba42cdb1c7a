// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/highmem.h>

struct ifd_buf {
	struct page *page;
};

static void ifd_put(struct ifd_buf *b)
{
	put_page(b->page);
}

static int ifd_get(struct ifd_buf *b, unsigned long uaddr)
{
#ifdef CONFIG_IFD_USER
	if (get_user_pages_fast(uaddr, 1, FOLL_WRITE, &b->page) != 1)
		return -EFAULT;
#else
	b->page = alloc_page(GFP_KERNEL);
	if (!b->page)
		return -ENOMEM;
#endif
	memset(page_address(b->page), 0, PAGE_SIZE);
	ifd_put(b);
	return 0;
}
