// SPDX-License-Identifier: GPL-2.0
/* The driver's own file: a user page read with the CPU and released. */
#include <linux/mm.h>
#include <linux/highmem.h>

int lnk_peek(unsigned long uaddr, u32 *val)
{
	struct page *pg;
	u32 *p;

	if (get_user_pages_fast(uaddr, 1, 0, &pg) != 1)
		return -EFAULT;
	p = kmap_local_page(pg);
	*val = *p;
	kunmap_local(p);
	put_page(pg);
	return 0;
}
