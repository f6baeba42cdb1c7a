// SPDX-License-Identifier: GPL-2.0
/* The sg list is only a DMA view: the pages are released from the array. */
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/dma-mapping.h>

static int sgv_xfer(struct device *dev, struct scatterlist *sg, unsigned long uaddr,
		    int n, struct page **pages)
{
	int got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got < 0)
		return got;
	for (i = 0; i < got; i++)
		sg_set_page(&sg[i], pages[i], PAGE_SIZE, 0);
	dma_map_sg(dev, sg, got, DMA_FROM_DEVICE);
	/* ... wait for the device ... */
	dma_unmap_sg(dev, sg, got, DMA_FROM_DEVICE);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}
