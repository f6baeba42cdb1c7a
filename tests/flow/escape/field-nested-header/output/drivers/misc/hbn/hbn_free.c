// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include "hbn_common.h"

void hbn_bank_free(struct hbn_dev *hd)
{
	unsigned int i;
	unsigned long j;

	for (i = 0; i < hd->bank->nr_chunks; i++) {
		for (j = 0; j < hd->bank->chunk[i].npages; j++)
			unpin_user_page(hd->bank->chunk[i].pages[j]);
		kvfree(hd->bank->chunk[i].pages);
	}
}
