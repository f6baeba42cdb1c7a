// SPDX-License-Identifier: GPL-2.0
/* A memory region: pinned at registration, released at deregistration. */
#include <linux/mm.h>
#include <linux/dma-mapping.h>

struct fmr_mr {
	struct device *dev;
	struct page **pages;
	unsigned long npages;
	dma_addr_t *dma;
};

static int fmr_reg_mr(struct fmr_mr *mr, unsigned long start)
{
	long got, i;

	got = pin_user_pages_fast(start, mr->npages,
				  FOLL_WRITE | FOLL_LONGTERM, mr->pages);
	if (got < 0)
		return got;
	for (i = 0; i < got; i++)
		mr->dma[i] = dma_map_page(mr->dev, mr->pages[i], 0, PAGE_SIZE,
					  DMA_BIDIRECTIONAL);
	mr->npages = got;
	return 0;
}

static void fmr_dereg_mr(struct fmr_mr *mr)
{
	unsigned long i;

	for (i = 0; i < mr->npages; i++)
		unpin_user_page(mr->pages[i]);
}
