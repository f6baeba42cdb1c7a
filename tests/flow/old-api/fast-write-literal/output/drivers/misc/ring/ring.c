// SPDX-License-Identifier: GPL-2.0
/* get_user_pages_fast() called the way it was before 5.2, with 1 for "write"
 * in the place of gup_flags: one page kept for the lifetime of the context,
 * and a per-call buffer released before returning. */
#include <linux/mm.h>

struct ring_ctx {
	struct page *head;
};

static int ring_attach(struct ring_ctx *ctx, unsigned long uaddr)
{
	int rc = pin_user_pages_fast(uaddr, 1, FOLL_WRITE | FOLL_LONGTERM,
				     &ctx->head);

	return rc < 0 ? rc : 0;
}

static void ring_detach(struct ring_ctx *ctx)
{
	if (ctx->head)
		unpin_user_page(ctx->head);
	ctx->head = NULL;
}

static int ring_touch(unsigned long uaddr)
{
	struct page *pg;
	int rc;

	rc = pin_user_pages_fast(uaddr, 1, FOLL_WRITE, &pg);
	if (rc == 1)
		unpin_user_page(pg);
	return rc;
}
