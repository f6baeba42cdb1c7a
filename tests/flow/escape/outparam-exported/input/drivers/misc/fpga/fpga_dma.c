// SPDX-License-Identifier: GPL-2.0
/*
 * The pages leave through an out parameter of an exported function: the
 * modules that call it (not in this tree) release them.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>

int fpga_dma_get_user(unsigned long uaddr, int n, struct page ***pagesp)
{
	struct page **pages;
	int got;

	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got < 0) {
		kfree(pages);
		return got;
	}
	if (got < n) {
		release_pages(pages, got);
		kfree(pages);
		return -EFAULT;
	}
	*pagesp = pages;
	return n;
}
EXPORT_SYMBOL_GPL(fpga_dma_get_user);
