// SPDX-License-Identifier: GPL-2.0
/* Shared with another product's tree: the driver's Makefile builds it
 * through a symbolic link. */
#include <linux/mm.h>

int lnk_dma_get(unsigned long uaddr, int nr, struct page **pages)
{
	return get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
}

void lnk_dma_put(struct page **pages, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		put_page(pages[i]);
}
