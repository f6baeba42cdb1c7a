// SPDX-License-Identifier: GPL-2.0
/* Shaped like net/9p/trans_virtio.c: a helper takes the iterator and
 * fills a page array its caller releases. */
static int zc_map_pages(struct zc_chan *chan, struct page ***pages,
			struct iov_iter *data, int count, size_t *offs,
			int *need_drop)
{
	int n;

	if (iov_iter_is_kvec(data))
		return 0;
	n = iov_iter_get_pages_alloc2(data, pages, count, offs);
	if (n < 0)
		return n;
	*need_drop = 1;
	return n;
}

static int zc_request(struct zc_chan *chan, struct iov_iter *uidata,
		      struct iov_iter *uodata, int inlen, int outlen)
{
	struct page **in_pages = NULL, **out_pages = NULL;
	int in_nr_pages = 0, out_nr_pages = 0, need_drop = 0, i;
	size_t offs;
	int err = 0;

	if (uodata) {
		int n = zc_map_pages(chan, &out_pages, uodata, outlen, &offs,
				     &need_drop);

		if (n < 0)
			return n;
		out_nr_pages = DIV_ROUND_UP(n + offs, PAGE_SIZE);
	}
	if (uidata) {
		int n = zc_map_pages(chan, &in_pages, uidata, inlen, &offs,
				     &need_drop);

		if (n < 0) {
			err = n;
			goto err_out;
		}
		in_nr_pages = DIV_ROUND_UP(n + offs, PAGE_SIZE);
	}
	err = zc_send(chan, in_pages, in_nr_pages, out_pages, out_nr_pages);
err_out:
	if (need_drop) {
		for (i = 0; i < in_nr_pages; i++)
			put_page(in_pages[i]);
		if (out_pages)
			p9_release_pages(out_pages, out_nr_pages);
	}
	kvfree(in_pages);
	kvfree(out_pages);
	return err;
}
