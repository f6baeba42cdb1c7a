// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/highmem.h>
#include <linux/sched.h>
#include "gdma.h"

int gdma_tx(unsigned long uaddr, int nr, u32 *csum)
{
	struct page *pages[8];
	long got, i;

	if (nr > 8)
		return -EINVAL;
	mmap_read_lock(current->mm);
	got = gdma_gup(uaddr, nr, 0, pages);
	mmap_read_unlock(current->mm);
	if (got < 0)
		return got;
	*csum = 0;
	for (i = 0; i < got; i++) {
		u32 *va = kmap(pages[i]);

		*csum += va[0];
		kunmap(pages[i]);
		put_page(pages[i]);
	}
	return got == nr ? 0 : -EFAULT;
}
EXPORT_SYMBOL_GPL(gdma_tx);
