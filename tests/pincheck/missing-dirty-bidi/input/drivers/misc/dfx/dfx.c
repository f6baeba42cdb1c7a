// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/dma-mapping.h>

static int dfx_xfer(struct device *dev, unsigned long uaddr, struct page **pages, int n)
{
	dma_addr_t a;
	int got = pin_user_pages_fast(uaddr, n, FOLL_WRITE, pages);

	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		return -EFAULT;
	}
	a = dma_map_page(dev, pages[0], 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	dfx_run(dev, a);
	dma_unmap_page(dev, a, PAGE_SIZE, DMA_BIDIRECTIONAL);
	unpin_user_pages(pages, n);
	return 0;
}
