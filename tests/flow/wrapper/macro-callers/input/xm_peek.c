// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include "xm_compat.h"

int xm_read_word(unsigned long uaddr, u32 *val)
{
	struct page *page;
	void *va;

	if (xm_gup(uaddr, 1, 0, &page) != 1)
		return -EFAULT;
	va = kmap(page);
	*val = *(u32 *)(va + offset_in_page(uaddr));
	kunmap(page);
	put_page(page);
	return 0;
}
