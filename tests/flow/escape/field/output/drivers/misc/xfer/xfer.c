// SPDX-License-Identifier: GPL-2.0
/* Pages pinned into a local array, stored in a mapping object, and released
 * later through that object by another function. */
#include <linux/mm.h>
#include <linux/slab.h>

struct xfer_map {
	struct page **pages;
	long nr;
	bool to_cpu;
};

static int xfer_map_user(struct xfer_map *m, unsigned long uaddr, long want)
{
	struct page **pages = kcalloc(want, sizeof(*pages), GFP_KERNEL);
	long got, i;

	got = pin_user_pages_fast(uaddr, want, FOLL_WRITE | FOLL_LONGTERM,
				  pages);
	if (got != want) {
		for (i = 0; i < got; i++)
			unpin_user_page(pages[i]);
		kfree(pages);
		return -EFAULT;
	}
	m->pages = pages;
	m->nr = got;
	return 0;
}

static void xfer_unmap(struct xfer_map *m)
{
	long i;

	for (i = 0; i < m->nr; i++) {
		if (m->to_cpu)
			SetPageDirty(m->pages[i]);
		unpin_user_page(m->pages[i]);
	}
	kfree(m->pages);
}
