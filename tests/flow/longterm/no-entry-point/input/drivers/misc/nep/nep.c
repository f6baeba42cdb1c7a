// SPDX-License-Identifier: GPL-2.0
/* Stored in an object and released by another function whose role the
 * code does not show: no FOLL_LONGTERM without evidence. */
#include <linux/mm.h>

struct nep_req {
	struct page **pages;
	unsigned int nr;
};

static int nep_fill(struct nep_req *rq, unsigned long uaddr)
{
	int got = get_user_pages_fast(uaddr, rq->nr, FOLL_WRITE, rq->pages);

	if (got < 0)
		return got;
	rq->nr = got;
	return 0;
}

static void nep_step(struct nep_req *rq)
{
	unsigned int i;

	for (i = 0; i < rq->nr; i++)
		put_page(rq->pages[i]);
}
