// SPDX-License-Identifier: GPL-2.0
/* Shaped like block/bio.c: pages go straight into a bio. */
static int blk_add_page(struct bio *bio, struct page *page,
			unsigned int len, unsigned int offset)
{
	bool same_page = false;

	if (!__bio_try_merge_page(bio, page, len, offset, &same_page)) {
		__bio_add_page(bio, page, len, offset);
		return 0;
	}
	if (same_page)
		put_page(page);
	return 0;
}

static int blk_fill_bio(struct bio *bio, struct iov_iter *iter)
{
	struct page **pages = (struct page **)bio->bi_io_vec;
	unsigned int i = 0, nr_pages;
	ssize_t size, left;
	size_t offset;
	unsigned int len;

	size = iov_iter_get_pages2(iter, pages, UINT_MAX, 16, &offset);
	if (unlikely(size <= 0))
		return size ? size : -EFAULT;
	nr_pages = DIV_ROUND_UP(offset + size, PAGE_SIZE);

	for (left = size; left > 0; left -= len, i++) {
		len = min_t(size_t, PAGE_SIZE - offset, left);
		blk_add_page(bio, pages[i], len, offset);
		offset = 0;
	}
	while (i < nr_pages)
		put_page(pages[i++]);
	return 0;
}
