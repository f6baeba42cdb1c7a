// SPDX-License-Identifier: GPL-2.0
/* A 4.6-4.8 argument list (start, nr, write, force, pages, vmas). */
#include <linux/mm.h>

static long wf_get(unsigned long start, unsigned long n, struct page **pages, u8 *out)
{
	long ret, i;

	ret = pin_user_pages(start, n, FOLL_WRITE, pages, NULL);
	if (ret > 0)
		*out = *(u8 *)page_address(pages[0]);
	for (i = 0; i < ret; i++)
		unpin_user_page(pages[i]);
	return ret;
}
