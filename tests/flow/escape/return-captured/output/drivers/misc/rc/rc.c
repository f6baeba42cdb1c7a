// SPDX-License-Identifier: GPL-2.0
/* A helper returns the array it filled; its only caller releases it. */
#include <linux/mm.h>
#include <linux/slab.h>

static struct page **rc_grab(unsigned long uaddr, int n, int *got)
{
	struct page **pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);

	if (!pages)
		return NULL;
	*got = pin_user_pages_fast(uaddr, n, 0, pages);
	return pages;
}

static int rc_sum(unsigned long uaddr, int n, u8 *out)
{
	struct page **pages;
	int got = 0, i;

	pages = rc_grab(uaddr, n, &got);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < got; i++) {
		*out += *(u8 *)page_address(pages[i]);
		unpin_user_page(pages[i]);
	}
	kfree(pages);
	return 0;
}
