// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/uio.h>

#define ALX_MAX_SGL 16

struct alx_sgl {
	struct scatterlist sg[ALX_MAX_SGL];
	struct page *pages[ALX_MAX_SGL];
	unsigned int npages;
	bool need_unpin;
};

void alx_free_sgl(struct alx_sgl *sgl)
{
	unsigned int i;

	if (!sgl->need_unpin)
		goto out;
	for (i = 0; i < sgl->npages; i++)
		unpin_user_page(sgl->pages[i]);
out:
	sgl->npages = 0;
}

/* Extract the pages of the caller's iterator (user or kernel memory) into sgl. */
int alx_make_sgl(struct alx_sgl *sgl, struct iov_iter *iter, size_t len)
{
	struct page **pages = sgl->pages;
	ssize_t n;
	size_t off;
	unsigned int i;

	sgl->need_unpin = iov_iter_extract_will_pin(iter);
	n = iov_iter_extract_pages(iter, &pages, len, ALX_MAX_SGL, 0, &off);
	if (n < 0)
		return n;
	sgl->npages = DIV_ROUND_UP(off + n, PAGE_SIZE);
	sg_init_table(sgl->sg, sgl->npages);
	for (i = 0; i < sgl->npages; i++) {
		size_t plen = min_t(size_t, n, PAGE_SIZE - off);

		sg_set_page(sgl->sg + i, sgl->pages[i], plen, off);
		off = 0;
		n -= plen;
	}
	return 0;
}

/* A one-page variant: the page is handed back and put only when it was pinned. */
int alx_one_page(struct iov_iter *iter, struct page **out)
{
	struct page *page = NULL, **pages = &page;
	size_t off;
	ssize_t n;

	n = iov_iter_extract_pages(iter, &pages, PAGE_SIZE, 1, 0, &off);
	if (n <= 0)
		return n ?: -EFAULT;
	if (alx_check(page, off) < 0) {
		if (iov_iter_extract_will_pin(iter))
			unpin_user_page(page);
		return -EINVAL;
	}
	*out = page;
	return 0;
}
