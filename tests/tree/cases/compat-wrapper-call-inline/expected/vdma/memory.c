// SPDX-License-Identifier: GPL-2.0
/* The only DMA pin of the driver goes through the compat header. */
#include "../include/xcompat.h"

int vdma_map(unsigned long uaddr, int n, struct page **pages)
{
	int got, i;

	got = x_get_user_pages(uaddr, n, 1, pages);
	if (got == n)
		return 0;
	for (i = 0; i < got; i++)
		unpin_user_page(pages[i]);
	return -EFAULT;
}
