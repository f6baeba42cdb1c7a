// SPDX-License-Identifier: GPL-2.0
/*
 * vcap_put_pages() releases the user pages here; vcap_mmap.c also installs
 * it as the put_pages() of its own buffers (pages from alloc_page()), so
 * calls through that pointer reach it with pages nobody pinned.
 */
#include <linux/mm.h>
#include "vcap.h"

void vcap_put_pages(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

int vcap_queue_user(unsigned long uaddr, int n, struct page **pages)
{
	int got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got <= 0)
		return got ? got : -EFAULT;
	for (i = 0; i < got; i++)
		flush_dcache_page(pages[i]);
	vcap_put_pages(pages, got);
	return got == n ? 0 : -EFAULT;
}
