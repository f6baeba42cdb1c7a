// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

struct srx_umem {
	struct page **pages;
	int npages;
};

static void srx_umem_release(struct srx_umem *u)
{
	unpin_user_pages_dirty_lock(u->pages, u->npages, true);
	kvfree(u->pages);
}

static int srx_umem_get(struct srx_umem *u, unsigned long uaddr, int npages)
{
	struct page **pages = kvcalloc(npages, sizeof(*pages), GFP_KERNEL);
	int got;

	if (!pages)
		return -ENOMEM;
	got = pin_user_pages_fast(uaddr, npages, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (got != npages) {
		if (got > 0)
			unpin_user_pages(pages, got);
		kvfree(pages);
		return -EFAULT;
	}
	u->pages = pages;
	u->npages = npages;
	return 0;
}
