// SPDX-License-Identifier: GPL-2.0
/* Old kernels and new ones take different paths, each with its own pages
 * and release: the old path stays, the new one is converted. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include "ladder.h"

struct ladder_buf {
	struct page **pages;
	unsigned long npages;
	struct sg_table sgt;
};

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
int ladder_buf_map_old(struct ladder_buf *old, unsigned long uaddr)
{
	int got = get_user_pages_fast(uaddr, old->npages, 1, old->pages);
	int i;

	if (got < 0)
		return got;
	for (i = 0; i < got; i++)
		put_page(old->pages[i]);
	return -EOPNOTSUPP;
}
#else
int ladder_buf_map(struct ladder_buf *buf, unsigned long uaddr)
{
	int got, i;

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

void ladder_buf_unmap(struct ladder_buf *buf)
{
	unsigned long i;

	sg_free_table(&buf->sgt);
	for (i = 0; i < buf->npages; i++) {
		set_page_dirty_lock(buf->pages[i]);
		put_page(buf->pages[i]);
	}
}
#endif
