// SPDX-License-Identifier: GPL-2.0
/*
 * A partial pin is released under "if (got > 0)" inside the "got != n"
 * branch: the count reaching release_pages() is positive on every path.
 * The pages leave through an out parameter; the caller (xdma_copy.c)
 * releases them.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include "xdma.h"

int xdma_get_pages(unsigned long uaddr, int n, struct page ***pagesp)
{
	struct page **pages;
	int got;

	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = get_user_pages_fast(uaddr, n, 0, pages);
	if (got != n) {
		if (got > 0)
			release_pages(pages, got);
		kvfree(pages);
		return got < 0 ? got : -EFAULT;
	}
	*pagesp = pages;
	return 0;
}
