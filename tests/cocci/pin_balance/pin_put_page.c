// SPDX-License-Identifier: GPL-2.0
/* Kind 1: pinned pages released with put_page()/release_pages(). */
#include <linux/mm.h>
#include <linux/slab.h>

struct xfer {
	struct page **pages;
	int nr_pages;
};

static int xfer_map(struct xfer *x, unsigned long uaddr, int npages)
{
	struct page **pages;
	int ret, i;

	pages = kcalloc(npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;

	ret = pin_user_pages_fast(uaddr, npages, 0, pages);
	if (ret < 0)
		goto free;
	if (ret != npages) {
		ret = -EFAULT;
		goto put;
	}
	x->pages = pages;
	x->nr_pages = npages;
	return 0;
put:
	for (i = 0; i < npages; i++)
		put_page(pages[i]);
free:
	kfree(pages);
	return ret;
}

static int map_one(unsigned long uaddr, void **out)
{
	struct page *page;
	int ret;

	mmap_read_lock(current->mm);
	ret = pin_user_pages(uaddr, 1, FOLL_LONGTERM, &page, NULL);
	mmap_read_unlock(current->mm);
	if (ret != 1)
		return -EFAULT;
	*out = kmap(page);
	if (!*out) {
		put_page(page);
		return -ENOMEM;
	}
	return 0;
}

static long map_remote(struct mm_struct *mm, unsigned long uaddr,
		       struct page **pages, int n)
{
	int locked = 1;
	long got;

	mmap_read_lock(mm);
	got = pin_user_pages_remote(mm, uaddr, n, 0, pages, NULL, &locked);
	if (locked)
		mmap_read_unlock(mm);
	if (got <= 0)
		return got;
	release_pages(pages, got);
	return 0;
}
