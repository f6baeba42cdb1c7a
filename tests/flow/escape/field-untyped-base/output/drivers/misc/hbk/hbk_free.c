// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include "hbk.h"

static void hbk_chunk_put(hbk_bank_t *bank, unsigned int idx)
{
	unsigned long i;

	for (i = 0; i < bank->chunk[idx].npages; i++)
		unpin_user_page(bank->chunk[idx].pages[i]);
	kvfree(bank->chunk[idx].pages);
	bank->chunk[idx].pages = NULL;
}

void hbk_bank_free(struct hbk_dev *hd)
{
	unsigned int i;

	for (i = 0; i < hd->bank->nr_chunks; i++)
		hbk_chunk_put(hd->bank, i);
}
