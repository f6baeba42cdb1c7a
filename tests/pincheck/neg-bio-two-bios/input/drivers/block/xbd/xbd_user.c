// SPDX-License-Identifier: GPL-2.0
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/mm.h>
#include <linux/slab.h>

/* Got pages: bio_release_pages() puts them, as it should. */
static void xbd_end_io_got(struct bio *bio)
{
	bio_release_pages(bio, bio_op(bio) == REQ_OP_READ);
	bio_put(bio);
}

/* Pinned pages: the completion unpins them page by page. */
static void xbd_end_io_pinned(struct bio *bio)
{
	struct bvec_iter_all iter;
	struct bio_vec *bv;

	bio_for_each_segment_all(bv, bio, iter)
		unpin_user_page(bv->bv_page);
	bio_put(bio);
}

int xbd_read_user(struct block_device *bdev, unsigned long uaddr, int nr, sector_t sector)
{
	struct page **pages;
	struct bio *bio;
	int pinned, i;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (pinned != nr) {
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		kfree(pages);
		return pinned < 0 ? pinned : -EFAULT;
	}
	bio = bio_alloc(bdev, nr, REQ_OP_READ, GFP_KERNEL);
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
	bio->bi_end_io = xbd_end_io_pinned;
	submit_bio(bio);
	return 0;
}

int xbd_write_user(struct block_device *bdev, unsigned long uaddr, int nr, sector_t sector)
{
	struct page **pages;
	struct bio *wbio;
	int got, i;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (got != nr) {
		while (got > 0)
			put_page(pages[--got]);
		kfree(pages);
		return -EFAULT;
	}
	wbio = bio_alloc(bdev, nr, REQ_OP_WRITE, GFP_KERNEL);
	wbio->bi_iter.bi_sector = sector;
	for (i = 0; i < nr; i++) {
		if (bio_add_page(wbio, pages[i], PAGE_SIZE, 0) != PAGE_SIZE) {
			bio_put(wbio);
			release_pages(pages, nr);
			kfree(pages);
			return -EIO;
		}
	}
	kfree(pages);
	wbio->bi_end_io = xbd_end_io_got;
	submit_bio(wbio);
	return 0;
}
