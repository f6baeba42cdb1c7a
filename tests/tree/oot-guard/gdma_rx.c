// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/highmem.h>
#include <linux/sched.h>
#include "gdma.h"

int gdma_rx(unsigned long uaddr, const void *buf, size_t len)
{
	struct page *page;
	long got;
	void *va;

	if (offset_in_page(uaddr) + len > PAGE_SIZE)
		return -EINVAL;
	mmap_read_lock(current->mm);
	got = gdma_gup(uaddr & PAGE_MASK, 1, FOLL_WRITE, &page);
	mmap_read_unlock(current->mm);
	if (got != 1)
		return got < 0 ? got : -EFAULT;
	va = kmap(page);
	memcpy(va + offset_in_page(uaddr), buf, len);
	kunmap(page);
	set_page_dirty_lock(page);
	put_page(page);
	return 0;
}
EXPORT_SYMBOL_GPL(gdma_rx);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pinconv test: a stated minimum kernel and a wrapper macro");
