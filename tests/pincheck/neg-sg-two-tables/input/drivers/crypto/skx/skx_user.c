// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

/* User pages in one table, bounce pages the driver allocated in another. */
struct skx_user_buf {
	struct sg_table sgt;
	struct sg_table bounce;
	unsigned int nr_pages;
};

void skx_user_buf_free(struct skx_user_buf *ub)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(ub->bounce.sgl, sg, ub->bounce.nents, i)
		__free_page(sg_page(sg));
	for_each_sg(ub->sgt.sgl, sg, ub->sgt.nents, i)
		unpin_user_page(sg_page(sg));
	sg_free_table(&ub->bounce);
	sg_free_table(&ub->sgt);
}

int skx_user_buf_map(struct skx_user_buf *ub, unsigned long uaddr, size_t len)
{
	struct page **pages;
	struct scatterlist *sg;
	int nr = DIV_ROUND_UP(offset_in_page(uaddr) + len, PAGE_SIZE);
	int pinned, i, ret;

	pages = kvcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (pinned != nr) {
		ret = pinned < 0 ? pinned : -EFAULT;
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		goto out;
	}
	ret = sg_alloc_table(&ub->sgt, nr, GFP_KERNEL);
	if (!ret)
		ret = sg_alloc_table(&ub->bounce, nr, GFP_KERNEL);
	if (ret) {
		unpin_user_pages(pages, nr);
		goto out;
	}
	for_each_sg(ub->sgt.sgl, sg, nr, i)
		sg_set_page(sg, pages[i], PAGE_SIZE, 0);
	for_each_sg(ub->bounce.sgl, sg, nr, i)
		sg_set_page(sg, alloc_page(GFP_KERNEL), PAGE_SIZE, 0);
	ub->nr_pages = nr;
out:
	kvfree(pages);
	return ret;
}
