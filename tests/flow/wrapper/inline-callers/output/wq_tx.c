// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include "wq_compat.h"

static void wq_tx_release(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		unpin_user_page(pages[i]);
}

int wq_tx_sum(unsigned long uaddr, int nr, u32 *sum)
{
	struct page *pages[4];
	int got, i;

	if (nr > 4)
		return -EINVAL;
	got = wq_get_pages(uaddr, nr, false, pages);
	if (got < 0)
		return got;
	*sum = 0;
	for (i = 0; i < got; i++) {
		u32 *va = kmap(pages[i]);

		*sum += va[0];
		kunmap(pages[i]);
	}
	wq_tx_release(pages, got);
	return 0;
}
