// SPDX-License-Identifier: GPL-2.0
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/uio.h>

/*
 * Map a user iterator into a bio in place: the bio says how its pages are
 * held (pinconv's core series), and bio_release_pages() unpins them.
 */
int blx_map_user_iov(struct request_queue *q, struct bio *bio, struct iov_iter *iter)
{
	struct page *stack_pages[16];
	struct page **pages = stack_pages;
	size_t offs;
	ssize_t bytes;
	int j;

	bio_set_pin_mode(bio, iov_iter_pin_mode(iter));
	bytes = iov_iter_pin_pages(iter, pages, LONG_MAX, ARRAY_SIZE(stack_pages), &offs);
	if (bytes <= 0)
		return bytes ?: -EFAULT;
	for (j = 0; bytes > 0; j++) {
		struct page *page = pages[j];
		unsigned int n = min_t(size_t, PAGE_SIZE - offs, bytes);

		if (!bio_add_hw_page(q, bio, page, n, offs, UINT_MAX, NULL))
			break;
		bytes -= n;
		offs = 0;
	}
	bio->bi_end_io = xdio_end_io;
	return 0;
}
