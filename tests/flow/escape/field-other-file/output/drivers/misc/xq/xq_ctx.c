// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/highmem.h>
#include "xq.h"

void xq_ctx_release(struct xq_ctx *ctx)
{
	struct page *notify_page = ctx->notify_page;

	ctx->notify_page = NULL;
	if (notify_page) {
		kunmap(notify_page);
		unpin_user_page(notify_page);
	}
}
