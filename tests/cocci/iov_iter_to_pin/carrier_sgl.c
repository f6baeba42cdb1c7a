// SPDX-License-Identifier: GPL-2.0
/* Shaped like crypto/af_alg.c: the pages land in a structure that its own
 * release function frees. */
#include <linux/scatterlist.h>
#include <linux/mm.h>

struct alg_sgl {
	struct scatterlist sg[17];
	struct page *pages[16];
	unsigned int npages;
};

int alg_make_sg(struct alg_sgl *sgl, struct iov_iter *iter, int len)
{
	size_t off;
	ssize_t n;
	int npages, i;

	n = iov_iter_get_pages2(iter, sgl->pages, len, 16, &off);
	if (n < 0)
		return n;
	npages = DIV_ROUND_UP(off + n, PAGE_SIZE);
	sg_init_table(sgl->sg, npages + 1);
	for (i = 0, len = n; i < npages; i++) {
		int plen = min_t(int, len, PAGE_SIZE - off);

		sg_set_page(sgl->sg + i, sgl->pages[i], plen, off);
		off = 0;
		len -= plen;
	}
	sgl->npages = npages;
	return n;
}

void alg_free_sg(struct alg_sgl *sgl)
{
	int i;

	for (i = 0; i < sgl->npages; i++)
		put_page(sgl->pages[i]);
}
