/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HBN_COMMON_H
#define HBN_COMMON_H

#include <linux/mm.h>
#include "hbn_types.h"

struct hbn_dev {
	struct device *dev;
	struct hbn_bank *bank;
};

int hbn_chunk_pin(struct hbn_dev *hd, unsigned int idx, unsigned long uaddr,
		  unsigned long npages);
void hbn_bank_free(struct hbn_dev *hd);

#endif
