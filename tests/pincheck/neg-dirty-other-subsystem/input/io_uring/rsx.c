// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/bvec.h>
#include <linux/slab.h>

/* A registered buffer: pinned writable once, used by many I/Os. */
struct rsx_mapped_ubuf {
	unsigned int nr_bvecs;
	struct bio_vec *bvec;
};

void rsx_buffer_unmap(struct rsx_mapped_ubuf *imu)
{
	unsigned int i;

	for (i = 0; i < imu->nr_bvecs; i++)
		unpin_user_page(imu->bvec[i].bv_page);
	kvfree(imu->bvec);
}

int rsx_buffer_map(struct rsx_mapped_ubuf *imu, unsigned long uaddr, int nr)
{
	struct page **pages;
	int pinned, i;

	pages = kvmalloc_array(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(uaddr, nr, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (pinned != nr) {
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		kvfree(pages);
		return -EFAULT;
	}
	for (i = 0; i < nr; i++) {
		imu->bvec[i].bv_page = pages[i];
		imu->bvec[i].bv_len = PAGE_SIZE;
		imu->bvec[i].bv_offset = 0;
	}
	imu->nr_bvecs = nr;
	kvfree(pages);
	return 0;
}
