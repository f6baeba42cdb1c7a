/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HBM_H
#define HBM_H

#include <linux/mm.h>

struct hbm_chunk {
	struct page **pages;
	unsigned long npages;
};

struct hbm_bank {
	unsigned int nr_chunks;
	struct hbm_chunk chunk[8];
};

struct hbm_dev {
	struct device *dev;
	struct hbm_bank *bank;
};

#define HBM_CHUNK(hd, i)	(&(hd)->bank->chunk[(i)])

int hbm_chunk_pin(struct hbm_dev *hd, unsigned int idx, unsigned long uaddr,
		  unsigned long npages);
void hbm_bank_free(struct hbm_dev *hd);

#endif
