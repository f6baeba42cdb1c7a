// SPDX-License-Identifier: GPL-2.0
/* Negative for kind 5: FOLL_WRITE pins unpinned on error paths before any
 * write, or only read by the CPU (DMA source). */
#include <linux/mm.h>
#include <linux/slab.h>

static ssize_t fb_dma_write(const char __user *buf, size_t count)
{
	unsigned long start;
	struct page **pages;
	int nr_pages = count >> PAGE_SHIFT;
	int ret;

	pages = kmalloc_array(nr_pages, sizeof(struct page *), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	ret = pin_user_pages_fast((unsigned long)buf, nr_pages, FOLL_WRITE, pages);
	if (ret < nr_pages) {
		nr_pages = ret < 0 ? 0 : ret;
		ret = -EINVAL;
		goto out_unmap;
	}
	start = (unsigned long)page_address(pages[0]);
	dma_write(start, count);
	ret = count;
out_unmap:
	unpin_user_pages(pages, nr_pages);
	kfree(pages);
	return ret;
}

static int setup_sg(struct sg_table *sgt, unsigned long uaddr, int n,
		    struct page **pages)
{
	int pinned, ret;

	pinned = pin_user_pages_fast(uaddr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (pinned < 0)
		return pinned;
	ret = sg_alloc_table_from_pages(sgt, pages, pinned, 0,
					pinned << PAGE_SHIFT, GFP_KERNEL);
	if (ret)
		goto err_unpin;
	return 0;
err_unpin:
	unpin_user_pages(pages, pinned);
	return ret;
}
