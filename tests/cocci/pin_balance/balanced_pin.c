// SPDX-License-Identifier: GPL-2.0
/* Negative: pins released with unpin_user_pages_dirty_lock()/unpin_user_page(). */
#include <linux/mm.h>
#include <linux/slab.h>

static int dio_map(unsigned long uaddr, int npages, bool write)
{
	unsigned int gup_flags = write ? FOLL_WRITE : 0;
	struct page **pages;
	int ret;

	pages = kvcalloc(npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	ret = pin_user_pages_fast(uaddr, npages, gup_flags, pages);
	if (ret < 0)
		goto out_free;
	/* ... do I/O ... */
	unpin_user_pages_dirty_lock(pages, ret, write);
	ret = 0;
out_free:
	kvfree(pages);
	return ret;
}

static int peek(unsigned long uaddr, u32 *val)
{
	struct page *page;
	u32 *kaddr;

	if (pin_user_pages_fast(uaddr, 1, 0, &page) != 1)
		return -EFAULT;
	kaddr = kmap_local_page(page);
	*val = *kaddr;
	kunmap_local(kaddr);
	unpin_user_page(page);
	return 0;
}

/* FOLL_WRITE pin, dirtied before the unpin in the loop. */
static void poke_all(unsigned long uaddr, struct page **pages, int n)
{
	int got, i;

	got = pin_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	for (i = 0; i < got; i++) {
		clear_highpage(pages[i]);
		set_page_dirty_lock(pages[i]);
		unpin_user_page(pages[i]);
	}
}
