// SPDX-License-Identifier: GPL-2.0
/* A read-back path with one branch per kernel generation: the pages of each
 * branch are released inside it.  On kernels before 5.6 the driver copies
 * through a bounce buffer (its DMA engine needs it there); the new branch
 * maps the user pages for DMA. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/dma-mapping.h>

#define RDX_MAX_PAGES 16

struct rdx_dev {
	struct device *dev;
	void *bounce;
	dma_addr_t addr[RDX_MAX_PAGES];
	atomic_t inflight;
};

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
static void rdx_legacy_put(struct rdx_dev *rd, struct page *page)
{
	atomic_dec(&rd->inflight);
	put_page(page);
}
#endif

int rdx_read_user(struct rdx_dev *rd, unsigned long uaddr, int npages)
{
	struct page *pages[RDX_MAX_PAGES];
	int got, i;

	if (npages > RDX_MAX_PAGES)
		return -EINVAL;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(uaddr, npages, FOLL_WRITE, pages);
	if (got <= 0)
		return got ? got : -EFAULT;
	for (i = 0; i < got; i++)
		rd->addr[i] = dma_map_page(rd->dev, pages[i], 0, PAGE_SIZE,
					   DMA_FROM_DEVICE);
	for (i = 0; i < got; i++) {
		dma_unmap_page(rd->dev, rd->addr[i], PAGE_SIZE, DMA_FROM_DEVICE);
		set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
#else
	got = get_user_pages_fast(uaddr, npages, 1, pages);
	if (got <= 0)
		return got ? got : -EFAULT;
	for (i = 0; i < got; i++) {
		void *va = kmap(pages[i]);

		memcpy(va, rd->bounce + i * PAGE_SIZE, PAGE_SIZE);
		kunmap(pages[i]);
		set_page_dirty_lock(pages[i]);
		atomic_inc(&rd->inflight);
		rdx_legacy_put(rd, pages[i]);
	}
#endif
	return got;
}
