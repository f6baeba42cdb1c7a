// SPDX-License-Identifier: GPL-2.0
/*
 * Userptr buffers: the driver switched to pin_user_pages_fast() only for
 * kernels that dropped the vmas argument; older kernels keep the
 * get_user_pages() ladder.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/version.h>

struct cpx_buf {
	struct device *dev;
	struct page **pages;
	int npages;
	struct sg_table sgt;
};

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
static int cpx_get_userpages(struct cpx_buf *buf, unsigned long start)
{
	int nr, ret;

	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages)
		return -ENOMEM;

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	nr = get_user_pages(start & PAGE_MASK, buf->npages, 1, 0, buf->pages, NULL);
#else
	nr = get_user_pages(start & PAGE_MASK, buf->npages, FOLL_WRITE,
			    buf->pages, NULL);
#endif
	if (nr < buf->npages)
		goto err_put;

	ret = sg_alloc_table_from_pages(&buf->sgt, buf->pages, buf->npages,
					offset_in_page(start),
					(unsigned long)buf->npages << PAGE_SHIFT, GFP_KERNEL);
	if (ret)
		goto err_put;
	return 0;

err_put:
	while (nr > 0)
		put_page(buf->pages[--nr]);
	kvfree(buf->pages);
	buf->pages = NULL;
	return -EFAULT;
}

static void cpx_put_userpages(struct cpx_buf *buf)
{
	int i;

	sg_free_table(&buf->sgt);
	for (i = 0; i < buf->npages; i++) {
		set_page_dirty_lock(buf->pages[i]);
		put_page(buf->pages[i]);
	}
	kvfree(buf->pages);
}
#else
static int cpx_get_userpages(struct cpx_buf *buf, unsigned long start)
{
	int nr, ret;

	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages)
		return -ENOMEM;

	nr = pin_user_pages_fast(start & PAGE_MASK, buf->npages, FOLL_WRITE | FOLL_LONGTERM,
				 buf->pages);
	if (nr < buf->npages)
		goto err_unpin;

	ret = sg_alloc_table_from_pages(&buf->sgt, buf->pages, buf->npages,
					offset_in_page(start),
					(unsigned long)buf->npages << PAGE_SHIFT, GFP_KERNEL);
	if (ret)
		goto err_unpin;
	return 0;

err_unpin:
	if (nr > 0)
		unpin_user_pages(buf->pages, nr);
	kvfree(buf->pages);
	buf->pages = NULL;
	return -EFAULT;
}

static void cpx_put_userpages(struct cpx_buf *buf)
{
	sg_free_table(&buf->sgt);
	unpin_user_pages_dirty_lock(buf->pages, buf->npages, true);
	kvfree(buf->pages);
}
#endif

int cpx_buf_map(struct cpx_buf *buf, unsigned long start)
{
	return cpx_get_userpages(buf, start);
}

void cpx_buf_release(struct cpx_buf *buf)
{
	cpx_put_userpages(buf);
}
