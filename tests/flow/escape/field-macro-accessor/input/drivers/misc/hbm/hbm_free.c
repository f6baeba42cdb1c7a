// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include "hbm.h"

void hbm_bank_free(struct hbm_dev *hd)
{
	unsigned int i;
	unsigned long j;

	for (i = 0; i < hd->bank->nr_chunks; i++) {
		for (j = 0; j < HBM_CHUNK(hd, i)->npages; j++)
			put_page(HBM_CHUNK(hd, i)->pages[j]);
		kvfree(HBM_CHUNK(hd, i)->pages);
	}
}
