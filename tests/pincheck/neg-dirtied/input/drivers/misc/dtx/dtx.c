// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/dma-mapping.h>

static int dtx_read(struct device *dev, unsigned long uaddr, struct page **pages, int n)
{
	dma_addr_t a;
	int got = pin_user_pages_fast(uaddr, n, FOLL_WRITE, pages);

	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		return -EFAULT;
	}
	a = dma_map_page(dev, pages[0], 0, PAGE_SIZE, DMA_FROM_DEVICE);
	dtx_run(dev, a);
	dma_unmap_page(dev, a, PAGE_SIZE, DMA_FROM_DEVICE);
	unpin_user_pages_dirty_lock(pages, n, true);
	return 0;
}
