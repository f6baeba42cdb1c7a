// SPDX-License-Identifier: GPL-2.0
/* Converted iov_iter users: every release is in the iterator's pin mode,
 * and an unrelated put_page() of a page cache page is left alone. */
struct alg_sgl {
	struct page *pages[16];
	enum iov_pin_mode pin_mode;
	unsigned int npages;
};

int alg_make_sg(struct alg_sgl *sgl, struct iov_iter *iter, int len)
{
	size_t off;
	ssize_t n;

	sgl->pin_mode = iov_iter_pin_mode(iter);
	n = iov_iter_pin_pages(iter, sgl->pages, len, 16, &off);
	if (n < 0)
		return n;
	sgl->npages = DIV_ROUND_UP(off + n, PAGE_SIZE);
	return n;
}

void alg_free_sg(struct alg_sgl *sgl)
{
	int i;

	for (i = 0; i < sgl->npages; i++)
		iov_iter_unpin_page(sgl->pages[i], sgl->pin_mode);
}

static int zc_map(struct iov_iter *iter, size_t len, struct address_space *m)
{
	struct page *pages[16], *cached;
	size_t off;
	ssize_t n;

	n = iov_iter_pin_pages(iter, pages, len, 16, &off);
	if (n <= 0)
		return n;
	cached = find_get_page(m, 0);
	if (cached)
		put_page(cached);
	iov_iter_unpin_pages(pages, DIV_ROUND_UP(off + n, PAGE_SIZE),
			     iov_iter_pin_mode(iter), false);
	return 0;
}
