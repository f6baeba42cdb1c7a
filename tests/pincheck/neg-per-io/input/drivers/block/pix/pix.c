// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

struct pix_req {
	struct page **pages;
	int nr;
};

static void pix_end_io(struct pix_req *req)
{
	unpin_user_pages(req->pages, req->nr);
	kfree(req);
}

static int pix_rw(struct pix_req *req, unsigned long uaddr, int nr)
{
	int got = pin_user_pages_fast(uaddr, nr, 0, req->pages);

	if (got < 0)
		return got;
	req->nr = got;
	return pix_submit(req);
}
