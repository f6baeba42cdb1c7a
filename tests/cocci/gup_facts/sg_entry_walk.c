// SPDX-License-Identifier: GPL-2.0
/* Pages go into an sg table entry by entry (for_each_sg); another function
 * walks the table entry by entry (for_each_sgtable_sg) to release them. */
#include <linux/mm.h>
#include <linux/scatterlist.h>

static void ubuf_fill(struct sg_table *sgt, struct page **pages, int nr)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgt->sgl, sg, nr, i)
		sg_set_page(sg, pages[i], PAGE_SIZE, 0);
}

static void ubuf_release(struct sg_table *sgt)
{
	struct scatterlist *sg;
	int i;

	for_each_sgtable_sg(sgt, sg, i)
		unpin_user_page(sg_page(sg));
}
