// SPDX-License-Identifier: GPL-2.0
/*
 * acc_put_pages() releases the pinned pages here, and acc_ring.c (no gup
 * call) hands it pages it allocated itself: rewriting its put_page()
 * would unpin pages nobody pinned.
 */
#include <linux/mm.h>
#include "acc.h"

void acc_put_pages(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

int acc_submit_user(struct acc_dev *acc, unsigned long uaddr, int n)
{
	int got, i;

	got = get_user_pages_fast(uaddr, n, 0, acc->upages);
	if (got <= 0)
		return got ? got : -EFAULT;
	for (i = 0; i < got; i++)
		flush_dcache_page(acc->upages[i]);
	acc_put_pages(acc->upages, got);
	return 0;
}
