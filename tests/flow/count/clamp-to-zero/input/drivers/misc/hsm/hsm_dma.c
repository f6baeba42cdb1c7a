// SPDX-License-Identifier: GPL-2.0
/* An errno is turned into "nothing pinned" before the count is used. */
#include <linux/mm.h>
#include <linux/highmem.h>

static int hsm_fill(unsigned long uaddr, int n, struct page **pages)
{
	int got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got < 0)
		got = 0;
	for (i = 0; i < got; i++) {
		void *p = kmap_local_page(pages[i]);

		memset(p, 0, PAGE_SIZE);
		kunmap_local(p);
	}
	release_pages(pages, got);
	return got == n ? 0 : -EFAULT;
}

int hsm_zero(unsigned long uaddr, int n, struct page **pages)
{
	return hsm_fill(uaddr, n, pages);
}
