// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/dma-mapping.h>

struct sgy_req {
	struct device *dev;
	struct page **pages;
	int nr_pages;
	struct sg_table sgt;
	struct sg_table out_sgt;
	struct page **out_pages;
	int nr_out;
};

/* the device reads these pages only */
static int sgy_map_in(struct sgy_req *rq, unsigned long uaddr, int n)
{
	int ret, pinned;

	pinned = pin_user_pages_fast(uaddr, n, 0, rq->pages);
	if (pinned < 0)
		return pinned;
	if (pinned != n) {
		ret = -EFAULT;
		goto unpin;
	}
	rq->nr_pages = pinned;
	ret = sg_alloc_table_from_pages(&rq->sgt, rq->pages, n, 0, (size_t)n << PAGE_SHIFT,
					GFP_KERNEL);
	if (ret)
		goto unpin;
	ret = dma_map_sg(rq->dev, rq->sgt.sgl, rq->sgt.nents, DMA_TO_DEVICE);
	if (!ret) {
		ret = -EIO;
		goto free_table;
	}
	return 0;

free_table:
	sg_free_table(&rq->sgt);
unpin:
	unpin_user_pages(rq->pages, pinned);
	return ret;
}

/* the device writes these: dirtied when unpinned */
static int sgy_map_out(struct sgy_req *rq, unsigned long uaddr, int n)
{
	int ret, pinned;

	pinned = pin_user_pages_fast(uaddr, n, FOLL_WRITE, rq->out_pages);
	if (pinned < 0)
		return pinned;
	if (pinned != n) {
		ret = -EFAULT;
		goto unpin;
	}
	rq->nr_out = pinned;
	ret = sg_alloc_table_from_pages(&rq->out_sgt, rq->out_pages, n, 0,
					(size_t)n << PAGE_SHIFT, GFP_KERNEL);
	if (ret)
		goto unpin;
	ret = dma_map_sgtable(rq->dev, &rq->out_sgt, DMA_FROM_DEVICE, 0);
	if (ret)
		goto free_table;
	return 0;

free_table:
	sg_free_table(&rq->out_sgt);
unpin:
	unpin_user_pages(rq->out_pages, pinned);
	return ret;
}

static void sgy_done(struct sgy_req *rq)
{
	dma_unmap_sg(rq->dev, rq->sgt.sgl, rq->sgt.nents, DMA_TO_DEVICE);
	sg_free_table(&rq->sgt);
	unpin_user_pages(rq->pages, rq->nr_pages);
	dma_unmap_sgtable(rq->dev, &rq->out_sgt, DMA_FROM_DEVICE, 0);
	sg_free_table(&rq->out_sgt);
	unpin_user_pages_dirty_lock(rq->out_pages, rq->nr_out, true);
}
