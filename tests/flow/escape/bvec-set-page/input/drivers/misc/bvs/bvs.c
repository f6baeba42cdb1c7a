// SPDX-License-Identifier: GPL-2.0
/* Pages go into bio_vecs with bvec_set_page(); the vector is released
 * page by page from ->bv_page by the unmap entry point. */
#include <linux/mm.h>
#include <linux/bvec.h>
#include <linux/slab.h>

struct bvs_buf {
	struct bio_vec *bv;
	int nr;
};

static int bvs_map(struct bvs_buf *b, unsigned long uaddr, int n, struct page **pages)
{
	int got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got <= 0)
		return -EFAULT;
	for (i = 0; i < got; i++)
		bvec_set_page(&b->bv[i], pages[i], PAGE_SIZE, 0);
	b->nr = got;
	return 0;
}

static void bvs_unmap(struct bvs_buf *b)
{
	int i;

	for (i = 0; i < b->nr; i++)
		put_page(b->bv[i].bv_page);
}
