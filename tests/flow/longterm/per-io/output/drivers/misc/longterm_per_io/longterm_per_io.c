// SPDX-License-Identifier: GPL-2.0
/* read() path: the I/O control block is a stack object of dev_read(),
 * mapped, submitted, waited for and unmapped within the one call. */
#include <linux/scatterlist.h>

struct io_cb {
	struct page **pages;
	unsigned int pages_nr;
	struct sg_table sgt;
};

static int io_map_user(struct io_cb *cb, unsigned long uaddr, unsigned int n)
{
	int rv = pin_user_pages_fast(uaddr, n, FOLL_WRITE, cb->pages);
	if (rv < 0)
		return rv;
	cb->pages_nr = rv;
	return sg_alloc_table_from_pages(&cb->sgt, cb->pages, rv, 0,
					 (size_t)rv << PAGE_SHIFT, GFP_KERNEL);
}

static void io_unmap_user(struct io_cb *cb, bool to_cpu)
{
	unsigned int i;
	for (i = 0; i < cb->pages_nr; i++) {
		unpin_user_pages_dirty_lock(&cb->pages[i], 1, to_cpu);
	}
	sg_free_table(&cb->sgt);
}

static ssize_t dev_read(unsigned long uaddr, size_t len, struct page **scratch)
{
	struct io_cb cb = { .pages = scratch };
	int rv = io_map_user(&cb, uaddr, DIV_ROUND_UP(len, PAGE_SIZE));
	/* ... submit cb.sgt to the engine and wait for completion ... */
	io_unmap_user(&cb, true);
	return rv < 0 ? rv : len;
}
