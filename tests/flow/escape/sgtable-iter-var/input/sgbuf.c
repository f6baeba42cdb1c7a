// SPDX-License-Identifier: GPL-2.0
/*
 * The pages live on in an sg table after the array is freed; the table's
 * teardown takes each page into a local before putting it.
 */
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

int sgbuf_map(struct sg_table *sgt, unsigned long uaddr, size_t size)
{
	unsigned int n = DIV_ROUND_UP(size, PAGE_SIZE);
	struct page **pages;
	int got, i, ret;

	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got != n) {
		ret = got < 0 ? got : -EFAULT;
		goto put;
	}
	ret = sg_alloc_table_from_pages(sgt, pages, n, 0, size, GFP_KERNEL);
	if (!ret)
		goto out;
put:
	for (i = 0; i < got; i++)
		put_page(pages[i]);
out:
	kvfree(pages);
	return ret;
}

void sgbuf_unmap(struct sg_table *sgt)
{
	struct sg_page_iter iter;
	struct page *page;

	for_each_sg_page(sgt->sgl, &iter, sgt->orig_nents, 0) {
		page = sg_page_iter_page(&iter);
		set_page_dirty_lock(page);
		put_page(page);
	}
	sg_free_table(sgt);
}
