// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "ubuf.h"

void ubuf_release(struct ubuf *ub)
{
	int i;

	if (ub->pages) {
		for (i = 0; i < ub->npages; i++) {
			set_page_dirty_lock(ub->pages[i]);
			put_page(ub->pages[i]);
		}
		kvfree(ub->pages);
		ub->pages = NULL;
	}
	vfree(ub->copy);
	ub->copy = NULL;
}
