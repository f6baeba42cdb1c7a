// SPDX-License-Identifier: GPL-2.0
/* Pages pinned for a mapping object and released through the driver's own
 * helper when the mapping goes away. */
#include <linux/mm.h>
#include <linux/slab.h>
#include "pdrv.h"

static void pdrv_put_pages(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		unpin_user_page(pages[i]);
}

int pdrv_map_user(struct pdrv_map *m, unsigned long uaddr, int n)
{
	struct page **pages;
	int got;

	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = pin_user_pages_fast(uaddr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (got < 0) {
		kfree(pages);
		return got;
	}
	if (got < n) {
		pdrv_put_pages(pages, got);
		kfree(pages);
		return -EFAULT;
	}
	m->pages = pages;
	m->nr = got;
	return 0;
}

void pdrv_unmap(struct pdrv_map *m)
{
	pdrv_put_pages(m->pages, m->nr);
	kfree(m->pages);
	m->pages = NULL;
}
