/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HBK_H
#define HBK_H

#include <linux/mm.h>

struct hbk_chunk {
	struct page **pages;
	unsigned long npages;
};

typedef struct hbk_bank {
	unsigned int nr_chunks;
	struct hbk_chunk chunk[8];
} hbk_bank_t;

struct hbk_dev {
	struct device *dev;
	hbk_bank_t *bank;
};

int hbk_chunk_pin(struct hbk_dev *hd, unsigned int idx, unsigned long uaddr,
		  unsigned long npages);
void hbk_bank_free(struct hbk_dev *hd);

#endif
