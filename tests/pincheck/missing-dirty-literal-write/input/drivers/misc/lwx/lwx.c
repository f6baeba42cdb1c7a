// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/dma-mapping.h>

/* ported from get_user_pages_fast(uaddr, n, 1, pages): the 1 stayed */
static int lwx_read_dev(struct device *dev, unsigned long uaddr, struct page **pages, int n)
{
	dma_addr_t a;
	int got = pin_user_pages_fast(uaddr, n, 1, pages);

	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		return -EFAULT;
	}
	a = dma_map_page(dev, pages[0], 0, PAGE_SIZE, DMA_FROM_DEVICE);
	lwx_run(dev, a);
	dma_unmap_page(dev, a, PAGE_SIZE, DMA_FROM_DEVICE);
	unpin_user_pages(pages, n);
	return 0;
}

/* the device only reads: flags 0 */
static int lwx_write_dev(struct device *dev, unsigned long uaddr, struct page **pages, int n)
{
	dma_addr_t a;
	int got = pin_user_pages_fast(uaddr, n, 0, pages);

	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		return -EFAULT;
	}
	a = dma_map_page(dev, pages[0], 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	lwx_run(dev, a);
	dma_unmap_page(dev, a, PAGE_SIZE, DMA_BIDIRECTIONAL);
	unpin_user_pages(pages, n);
	return 0;
}
