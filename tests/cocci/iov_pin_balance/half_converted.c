// SPDX-License-Identifier: GPL-2.0
/* Half-converted iov_iter users: the acquisition pins, the release still
 * puts (a local array and a structure field released elsewhere). */
struct zc_req {
	struct page **pages;
	unsigned int nr;
};

static int zc_map(struct iov_iter *iter, size_t len)
{
	struct page *pages[16];
	size_t off;
	ssize_t n;
	int i, nr;

	n = iov_iter_pin_pages(iter, pages, len, 16, &off);
	if (n <= 0)
		return n;
	nr = DIV_ROUND_UP(off + n, PAGE_SIZE);
	zc_send(pages, nr, off);
	for (i = 0; i < nr; i++)
		put_page(pages[i]);
	return 0;
}

static int zc_req_fill(struct zc_req *req, struct iov_iter *iter, size_t len)
{
	size_t off;
	ssize_t n;

	n = iov_iter_pin_pages_alloc(iter, &req->pages, len, &off);
	if (n <= 0)
		return n;
	req->nr = DIV_ROUND_UP(off + n, PAGE_SIZE);
	return 0;
}

static void zc_req_done(struct zc_req *req)
{
	release_pages(req->pages, req->nr);
	kvfree(req->pages);
}
