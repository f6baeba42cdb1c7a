// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

struct rlx_ctx {
	struct page **pages;
	int n;
};

static void rlx_release(struct page **pages, int n)
{
	release_pages(pages, n);
}

static int rlx_pin(struct rlx_ctx *c, unsigned long uaddr)
{
	int r = pin_user_pages_fast(uaddr, c->n, FOLL_WRITE, c->pages);

	if (r <= 0)
		return -EFAULT;
	rlx_release(c->pages, r);
	return 0;
}

static int rlx_get(struct rlx_ctx *c, unsigned long uaddr)
{
	int r = get_user_pages_fast(uaddr, c->n, 0, c->pages);

	if (r <= 0)
		return -EFAULT;
	rlx_release(c->pages, r);
	return 0;
}
