// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include "hbn_common.h"

int hbn_chunk_pin(struct hbn_dev *hd, unsigned int idx, unsigned long uaddr,
		  unsigned long npages)
{
	struct hbn_chunk *ch = &hd->bank->chunk[idx];
	int got, i;

	ch->pages = kvcalloc(npages, sizeof(struct page *), GFP_KERNEL);
	if (!ch->pages)
		return -ENOMEM;

	got = pin_user_pages_fast(uaddr, npages, FOLL_WRITE, ch->pages);
	if (got < 0) {
		kvfree(ch->pages);
		ch->pages = NULL;
		return got;
	}
	if (got != npages) {
		for (i = 0; i < got; i++)
			unpin_user_page(ch->pages[i]);
		kvfree(ch->pages);
		ch->pages = NULL;
		return -EFAULT;
	}
	ch->npages = got;
	return 0;
}
