// SPDX-License-Identifier: GPL-2.0
/* An out-of-tree driver as users bring them: a DMA buffer pinned at ioctl. */
#include <linux/mm.h>
#include <linux/slab.h>

struct oot_buf {
	struct page **pages;
	unsigned long npages;
	struct sg_table sgt;
};

static int oot_buf_pin(struct oot_buf *buf, unsigned long uaddr)
{
	long got, i;

	got = get_user_pages_fast(uaddr, buf->npages, FOLL_WRITE, buf->pages);
	if (got < 0)
		return got;
	if (got != buf->npages) {
		for (i = 0; i < got; i++)
			put_page(buf->pages[i]);
		return -EFAULT;
	}
	return sg_alloc_table_from_pages(&buf->sgt, buf->pages, buf->npages, 0,
					 buf->npages << PAGE_SHIFT, GFP_KERNEL);
}

static void oot_buf_unpin(struct oot_buf *buf)
{
	unsigned long i;

	sg_free_table(&buf->sgt);
	for (i = 0; i < buf->npages; i++) {
		set_page_dirty_lock(buf->pages[i]);
		put_page(buf->pages[i]);
	}
}
