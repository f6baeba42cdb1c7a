// SPDX-License-Identifier: GPL-2.0
/* An out-of-tree DMA channel: one source for 4.x and current kernels.  The
 * branch for kernels before 5.6 takes the pages with the pre-4.9 argument
 * list too; both branches share the release after #endif. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include "pinconv_compat.h"

struct vchan_xfer {
	struct device *dev;
	dma_addr_t *addrs;
	int npages;
};

int vchan_xfer_user(struct vchan_xfer *x, unsigned long uaddr, int npages)
{
	struct page **pages;
	int got, i, ret = 0;

	pages = kcalloc(npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(uaddr, npages, 1, pages);
#else
	got = pin_user_pages_fast(uaddr, npages, FOLL_WRITE, pages);
#endif
	if (got < 0) {
		kfree(pages);
		return got;
	}
	for (i = 0; i < got; i++)
		x->addrs[i] = dma_map_page(x->dev, pages[i], 0, PAGE_SIZE,
					   DMA_FROM_DEVICE);
	x->npages = got;
	for (i = 0; i < got; i++) {
		dma_unmap_page(x->dev, x->addrs[i], PAGE_SIZE, DMA_FROM_DEVICE);
		unpin_user_pages_dirty_lock(&pages[i], 1, true);
	}
	kfree(pages);
	return ret;
}
