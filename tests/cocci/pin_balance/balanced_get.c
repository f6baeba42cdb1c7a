// SPDX-License-Identifier: GPL-2.0
/* Negative: get_user_pages*() references dropped with put_page(). */
#include <linux/mm.h>

static int copy_from_remote(struct mm_struct *mm, unsigned long uaddr,
			    void *buf, int npages, struct page **pages)
{
	int locked = 1;
	long got;
	int i;

	mmap_read_lock(mm);
	got = get_user_pages_remote(mm, uaddr, npages, 0, pages, NULL, &locked);
	if (locked)
		mmap_read_unlock(mm);
	if (got <= 0)
		return -EFAULT;
	for (i = 0; i < got; i++) {
		memcpy_from_page(buf, pages[i], 0, PAGE_SIZE);
		buf += PAGE_SIZE;
		put_page(pages[i]);
	}
	return 0;
}

static int touch(unsigned long uaddr)
{
	struct page *page;

	if (get_user_pages_fast(uaddr, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	set_page_dirty_lock(page);
	put_page(page);
	return 0;
}

static void batch(unsigned long uaddr, struct page **pages, int n)
{
	long got = get_user_pages_unlocked(uaddr, n, pages, 0);

	if (got > 0)
		release_pages(pages, got);
}
