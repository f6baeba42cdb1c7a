// SPDX-License-Identifier: GPL-2.0
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct xbd_req {
	struct completion done;
	blk_status_t status;
};

static void xbd_end_io(struct bio *bio)
{
	struct xbd_req *req = bio->bi_private;

	req->status = bio->bi_status;
	bio_release_pages(bio, bio_op(bio) == REQ_OP_READ);
	complete(&req->done);
	bio_put(bio);
}

/* Transfer a user buffer to or from the disk without a bounce copy. */
int xbd_rw_user(struct block_device *bdev, unsigned long uaddr, unsigned int nr,
		sector_t sector, bool write)
{
	struct xbd_req req;
	struct page **pages;
	struct bio *bio;
	int pinned, i;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(uaddr, nr, write ? 0 : FOLL_WRITE, pages);
	if (pinned != nr) {
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		kfree(pages);
		return pinned < 0 ? pinned : -EFAULT;
	}
	bio = bio_alloc(bdev, nr, write ? REQ_OP_WRITE : REQ_OP_READ, GFP_KERNEL);
	bio->bi_iter.bi_sector = sector;
	for (i = 0; i < nr; i++) {
		if (bio_add_page(bio, pages[i], PAGE_SIZE, 0) != PAGE_SIZE) {
			bio_put(bio);
			unpin_user_pages(pages, nr);
			kfree(pages);
			return -EIO;
		}
	}
	kfree(pages);
	init_completion(&req.done);
	bio->bi_private = &req;
	bio->bi_end_io = xbd_end_io;
	submit_bio(bio);
	wait_for_completion(&req.done);
	return blk_status_to_errno(req.status);
}
