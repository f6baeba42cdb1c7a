// SPDX-License-Identifier: GPL-2.0
/* A DMA engine driver: user pages into an sg_table, mapped for DMA, kept
 * until the buffer is freed (long-term). */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/dma-mapping.h>

struct sgt_buf {
	struct device *dev;
	struct page **pages;
	unsigned int npages;
	struct sg_table sgt;
};

int sgt_buf_map(struct sgt_buf *b, unsigned long uaddr, size_t len)
{
	int got, ret;
	unsigned int i;

	b->npages = DIV_ROUND_UP(len + offset_in_page(uaddr), PAGE_SIZE);
	b->pages = kvcalloc(b->npages, sizeof(*b->pages), GFP_KERNEL);
	if (!b->pages)
		return -ENOMEM;
	got = get_user_pages_fast(uaddr & PAGE_MASK, b->npages, FOLL_WRITE, b->pages);
	if (got < 0) {
		ret = got;
		goto free;
	}
	if (got != b->npages) {
		ret = -EFAULT;
		goto put;
	}
	ret = sg_alloc_table_from_pages(&b->sgt, b->pages, b->npages,
					offset_in_page(uaddr), len, GFP_KERNEL);
	if (ret)
		goto put;
	ret = dma_map_sgtable(b->dev, &b->sgt, DMA_BIDIRECTIONAL, 0);
	if (ret)
		goto sgt;
	return 0;
sgt:
	sg_free_table(&b->sgt);
put:
	for (i = 0; i < got; i++)
		put_page(b->pages[i]);
free:
	kvfree(b->pages);
	return ret;
}
EXPORT_SYMBOL_GPL(sgt_buf_map);

void sgt_buf_unmap(struct sgt_buf *b)
{
	unsigned int i;

	dma_unmap_sgtable(b->dev, &b->sgt, DMA_BIDIRECTIONAL, 0);
	sg_free_table(&b->sgt);
	for (i = 0; i < b->npages; i++) {
		set_page_dirty_lock(b->pages[i]);
		put_page(b->pages[i]);
	}
	kvfree(b->pages);
}
EXPORT_SYMBOL_GPL(sgt_buf_unmap);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pinconv test: an sg_table DMA driver");
