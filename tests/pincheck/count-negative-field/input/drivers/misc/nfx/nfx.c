// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

struct nfx_map {
	struct page **pages;
	long npinned;
};

static void nfx_unmap(struct nfx_map *m)
{
	unpin_user_pages(m->pages, m->npinned);
}

static int nfx_map(struct nfx_map *m, unsigned long uaddr, int nr)
{
	m->npinned = pin_user_pages_fast(uaddr, nr, 0, m->pages);
	if (m->npinned == nr)
		return 0;
	nfx_unmap(m);
	return -EFAULT;
}
