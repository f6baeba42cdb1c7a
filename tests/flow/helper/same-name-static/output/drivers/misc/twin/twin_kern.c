// SPDX-License-Identifier: GPL-2.0
/* The kernel-buffer half: a static lookup() of the same name returns a
 * kernel page with a reference of its own (get_page()), which the caller
 * drops with put_page() after use.  It has nothing to do with the user pages. */
#include <linux/mm.h>

static struct page *lookup(unsigned long kaddr)
{
	struct page *pg = virt_to_page((void *)kaddr);

	get_page(pg);
	return pg;
}

void twin_kern_touch(unsigned long kaddr)
{
	struct page *q = lookup(kaddr);

	put_page(q);
}

int twin_kern_probe_user(unsigned long uaddr)
{
	struct page *pages[1];
	int n = pin_user_pages_fast(uaddr, 1, 0, pages);

	if (n == 1)
		unpin_user_page(pages[0]);
	return n;
}
