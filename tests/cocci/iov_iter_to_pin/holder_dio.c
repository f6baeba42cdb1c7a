// SPDX-License-Identifier: GPL-2.0
/* Shaped like fs/direct-io.c: the iterator lives in a submit state that
 * every function handling the pages gets. */
struct dio_state {
	struct iov_iter *iter;
	struct page *cur_page;
	struct bio *bio;
	unsigned int head, tail;
	struct page *pages[64];
};

static int ds_refill(struct dio_state *ds)
{
	ssize_t ret;
	size_t from;

	ret = iov_iter_get_pages2(ds->iter, ds->pages, LONG_MAX, 64, &from);
	if (ret < 0) {
		struct page *page = ZERO_PAGE(0);

		get_page(page);
		ds->pages[0] = page;
		ds->head = 0;
		ds->tail = 1;
		return 0;
	}
	ds->head = 0;
	ds->tail = DIV_ROUND_UP(ret + from, PAGE_SIZE);
	return 0;
}

static void ds_new_bio(struct dio_state *ds, struct block_device *bdev)
{
	struct bio *bio;

	bio = bio_alloc(bdev, 16, REQ_OP_READ, GFP_KERNEL);
	ds->bio = bio;
}

static void ds_send(struct dio_state *ds, struct page *page)
{
	if (ds->cur_page) {
		if (bio_add_page(ds->bio, ds->cur_page, PAGE_SIZE, 0))
			get_page(ds->cur_page);
		put_page(ds->cur_page);
	}
	get_page(page);
	ds->cur_page = page;
}

static void ds_cleanup(struct dio_state *ds)
{
	while (ds->head < ds->tail)
		put_page(ds->pages[ds->head++]);
}

ssize_t ds_direct_io(struct iov_iter *iter, struct block_device *bdev)
{
	struct dio_state ds = { 0, };

	ds.iter = iter;
	ds_refill(&ds);
	ds_new_bio(&ds, bdev);
	ds_send(&ds, ds.pages[0]);
	ds_cleanup(&ds);
	if (ds.cur_page)
		put_page(ds.cur_page);
	return 0;
}
