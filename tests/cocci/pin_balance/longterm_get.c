// SPDX-License-Identifier: GPL-2.0
/* Kind 4: FOLL_LONGTERM passed to get_user_pages*(). */
#include <linux/mm.h>

struct region {
	struct page **pages;
	unsigned long npages;
};

static int region_pin(struct region *r, unsigned long uaddr)
{
	long got;

	mmap_read_lock(current->mm);
	got = get_user_pages(uaddr, r->npages, FOLL_WRITE | FOLL_LONGTERM,
			     r->pages, NULL);
	mmap_read_unlock(current->mm);
	if (got < 0)
		return got;
	return got == r->npages ? 0 : -EFAULT;
}

static int region_pin2(struct region *r, unsigned long uaddr, bool ro)
{
	unsigned int flags = FOLL_LONGTERM;
	int got;

	if (!ro)
		flags |= FOLL_WRITE;
	got = get_user_pages_fast(uaddr, r->npages, flags, r->pages);
	return got < 0 ? got : 0;
}

static void region_unpin(struct region *r)
{
	unsigned long i;

	for (i = 0; i < r->npages; i++)
		put_page(r->pages[i]);
}
