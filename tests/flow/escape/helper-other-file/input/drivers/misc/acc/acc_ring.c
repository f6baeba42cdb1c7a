// SPDX-License-Identifier: GPL-2.0
#include <linux/gfp.h>
#include <linux/mm.h>
#include "acc.h"

int acc_ring_fill(struct acc_dev *acc, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		acc->ring[i] = alloc_page(GFP_KERNEL);
		if (!acc->ring[i]) {
			acc_put_pages(acc->ring, i);
			return -ENOMEM;
		}
	}
	return 0;
}

void acc_ring_free(struct acc_dev *acc, int n)
{
	acc_put_pages(acc->ring, n);
}
