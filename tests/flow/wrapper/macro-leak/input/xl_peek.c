// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include "xl_compat.h"

int xl_read_word(unsigned long uaddr, u32 *val)
{
	struct page *page;
	void *va;

	if (xl_gup(uaddr, 1, 0, &page) != 1)
		return -EFAULT;
	va = kmap(page);
	*val = *(u32 *)(va + offset_in_page(uaddr));
	kunmap(page);
	put_page(page);
	return 0;
}
