// SPDX-License-Identifier: GPL-2.0
static int r3b_try_fast(unsigned long addr, int n, struct page **pvec)
{
	int pinned, i;

	pinned = pin_user_pages_fast_only(addr, n, FOLL_WRITE, pvec);
	for (i = 0; i < pinned; i++)
		unpin_user_page(pvec[i]);
	return pinned;
}
