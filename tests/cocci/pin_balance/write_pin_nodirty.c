// SPDX-License-Identifier: GPL-2.0
/* Kind 5: FOLL_WRITE pins released without dirtying. */
#include <linux/mm.h>
#include <linux/slab.h>

struct dma_buf_desc {
	struct page **pages;
	int npages;
};

static int rx_setup(struct dma_buf_desc *d, unsigned long uaddr)
{
	int pinned;

	pinned = pin_user_pages_fast(uaddr, d->npages, FOLL_WRITE | FOLL_LONGTERM,
				     d->pages);
	if (pinned < 0)
		return pinned;
	if (pinned != d->npages) {
		unpin_user_pages(d->pages, pinned);
		return -EFAULT;
	}
	return 0;
}

/* Device wrote into the buffer, but the pages are not dirtied. */
static void rx_teardown(struct dma_buf_desc *d)
{
	int i;

	for (i = 0; i < d->npages; i++)
		unpin_user_page(d->pages[i]);
	kfree(d->pages);
}

static int read_one(unsigned long uaddr, void *src, size_t len)
{
	unsigned int gup_flags = FOLL_WRITE;
	struct page *page;
	void *kaddr;
	int ret;

	ret = pin_user_pages_fast(uaddr, 1, gup_flags, &page);
	if (ret != 1)
		return -EFAULT;
	kaddr = kmap_local_page(page);
	memcpy(kaddr, src, len);
	kunmap_local(kaddr);
	unpin_user_page(page);
	return 0;
}
