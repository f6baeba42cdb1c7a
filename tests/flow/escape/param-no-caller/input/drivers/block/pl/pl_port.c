// SPDX-License-Identifier: GPL-2.0
/* A porting layer that exports get/put helpers to a core module built
 * elsewhere: nothing in this tree calls them, so the pages go to callers
 * the tree does not show. */
#include <linux/module.h>
#include <linux/mm.h>

int pl_get_user_pages(struct page **pages, int nr_pages, unsigned long start)
{
	return get_user_pages_fast(start, nr_pages, FOLL_WRITE, pages);
}
EXPORT_SYMBOL(pl_get_user_pages);

void pl_put_user_pages(struct page **pages, int nr_pages)
{
	int i;

	for (i = 0; i < nr_pages && pages[i]; i++)
		put_page(pages[i]);
}
EXPORT_SYMBOL(pl_put_user_pages);
