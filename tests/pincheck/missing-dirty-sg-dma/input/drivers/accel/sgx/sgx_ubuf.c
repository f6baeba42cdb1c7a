// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/dma-mapping.h>

struct sgx_ubuf {
	struct device *dev;
	struct page **pages;
	unsigned long nr_pages;
	struct sg_table *sgt;
};

static int sgx_ubuf_pin(struct sgx_ubuf *ub, unsigned long uaddr, unsigned long n)
{
	long ret;

	ub->pages = kvcalloc(n, sizeof(*ub->pages), GFP_KERNEL);
	if (!ub->pages)
		return -ENOMEM;
	ret = pin_user_pages_fast(uaddr, n, FOLL_WRITE | FOLL_LONGTERM, ub->pages);
	if (ret < 0)
		goto free_pages;
	ub->nr_pages = ret;
	if (ret != n) {
		ret = -EFAULT;
		goto unpin;
	}
	return 0;

unpin:
	unpin_user_pages(ub->pages, ub->nr_pages);
free_pages:
	kvfree(ub->pages);
	return ret;
}

static void sgx_ubuf_unpin(struct sgx_ubuf *ub)
{
	unpin_user_pages(ub->pages, ub->nr_pages);
	kvfree(ub->pages);
}

static struct sg_table *sgx_ubuf_get_sgt(struct sgx_ubuf *ub)
{
	struct sg_table *sg;
	int ret;

	if (ub->sgt)
		return ub->sgt;
	sg = kzalloc(sizeof(*sg), GFP_KERNEL);
	if (!sg)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sg, ub->pages, ub->nr_pages, 0,
					ub->nr_pages << PAGE_SHIFT, GFP_KERNEL);
	if (ret)
		goto free_sg;
	ret = dma_map_sgtable(ub->dev, sg, DMA_BIDIRECTIONAL, 0);
	if (ret)
		goto free_table;
	ub->sgt = sg;
	return sg;

free_table:
	sg_free_table(sg);
free_sg:
	kfree(sg);
	return ERR_PTR(ret);
}

static void sgx_ubuf_put_sgt(struct sgx_ubuf *ub)
{
	if (!ub->sgt)
		return;
	dma_unmap_sgtable(ub->dev, ub->sgt, DMA_BIDIRECTIONAL, 0);
	sg_free_table(ub->sgt);
	kfree(ub->sgt);
	ub->sgt = NULL;
}
