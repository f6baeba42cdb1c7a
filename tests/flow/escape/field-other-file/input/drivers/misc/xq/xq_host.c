// SPDX-License-Identifier: GPL-2.0
/* The page is pinned here and released by xq_ctx.c, which does not name
 * the gup API: the solver must read that file too. */
#include <linux/mm.h>
#include <linux/highmem.h>
#include "xq.h"

static int xq_setup_notify(struct xq_ctx *ctx, unsigned long uva)
{
	struct page *page;
	int ret;

	ret = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);
	if (ret != 1)
		return -EFAULT;
	ctx->notify_page = page;
	ctx->notify = kmap(ctx->notify_page);
	return 0;
}
