// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/bvec.h>
#include <linux/slab.h>

struct ubx_io {
	struct bio_vec *bvec;
	unsigned int nr_bvec;
};

static void ubx_io_done(struct ubx_io *io)
{
	unsigned int i;

	for (i = 0; i < io->nr_bvec; i++)
		put_page(io->bvec[i].bv_page);
	kfree(io->bvec);
}

static int ubx_io_map(struct ubx_io *io, unsigned long uaddr, unsigned int nr)
{
	struct page **pages;
	unsigned int i;
	int pinned;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	io->bvec = kcalloc(nr, sizeof(*io->bvec), GFP_KERNEL);
	if (!io->bvec) {
		kfree(pages);
		return -ENOMEM;
	}
	pinned = pin_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (pinned <= 0) {
		kfree(io->bvec);
		kfree(pages);
		return pinned ?: -EFAULT;
	}
	for (i = 0; i < pinned; i++)
		bvec_set_page(&io->bvec[i], pages[i], PAGE_SIZE, 0);
	io->nr_bvec = pinned;
	kfree(pages);
	return ubx_submit(io, ubx_io_done);
}
