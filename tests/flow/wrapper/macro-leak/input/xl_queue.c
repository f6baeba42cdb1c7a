// SPDX-License-Identifier: GPL-2.0
#include <linux/slab.h>
#include "xl_compat.h"

/*
 * The pages go to the hardware queue (xl_hw_post(), in the vendor's binary
 * part): who releases them is not in these sources.
 */
int xl_queue(void *dev, unsigned long uaddr, int nr)
{
	struct page **pages;
	int got;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = xl_gup(uaddr, nr, 0, pages);
	if (got <= 0) {
		kfree(pages);
		return got ? got : -EFAULT;
	}
	return xl_hw_post(dev, pages, got);
}
