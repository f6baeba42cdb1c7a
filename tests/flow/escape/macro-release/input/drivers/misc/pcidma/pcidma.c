// SPDX-License-Identifier: GPL-2.0
/*
 * The error path releases the pages through the driver's own macro; the
 * normal path through a loop.  Converting the loop alone would leave
 * put_page() on pinned pages in the macro.
 */
#include <linux/mm.h>
#include <linux/highmem.h>

#define PCIDMA_PUT_PAGES(pages, n) do {			\
	int __k;					\
	for (__k = 0; __k < (n); __k++)			\
		put_page((pages)[__k]);			\
} while (0)

static int pcidma_read_user(unsigned long uaddr, int n, struct page **pages, u32 *out)
{
	int got, i;

	got = get_user_pages_fast(uaddr, n, 0, pages);
	if (got < 0)
		return got;
	if (got != n) {
		PCIDMA_PUT_PAGES(pages, got);
		return -EFAULT;
	}
	for (i = 0; i < n; i++) {
		u32 *p = kmap_local_page(pages[i]);

		out[i] = p[0];
		kunmap_local(p);
		put_page(pages[i]);
	}
	return 0;
}

int pcidma_peek(unsigned long uaddr, u32 *out)
{
	struct page *pages[4];

	return pcidma_read_user(uaddr, 4, pages, out);
}
