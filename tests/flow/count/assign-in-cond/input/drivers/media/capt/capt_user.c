// SPDX-License-Identifier: GPL-2.0
/* The gup return is assigned and checked in the same condition. */
#include <linux/mm.h>
#include <linux/highmem.h>

static int capt_sum(unsigned long uaddr, int n, struct page **pages, u32 *sum)
{
	int got, i;

	if ((got = get_user_pages_fast(uaddr, n, 0, pages)) <= 0)
		return got ? got : -EFAULT;
	for (i = 0; i < got; i++) {
		u32 *p = kmap_local_page(pages[i]);

		*sum += p[0];
		kunmap_local(p);
	}
	release_pages(pages, got);
	return 0;
}

int capt_checksum(unsigned long uaddr, struct page **pages, u32 *sum)
{
	return capt_sum(uaddr, 4, pages, sum);
}
