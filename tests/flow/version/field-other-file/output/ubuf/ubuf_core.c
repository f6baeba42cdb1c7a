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
			unpin_user_pages_dirty_lock(&ub->pages[i], 1, true);
		}
		kvfree(ub->pages);
		ub->pages = NULL;
	}
	vfree(ub->copy);
	ub->copy = NULL;
}
