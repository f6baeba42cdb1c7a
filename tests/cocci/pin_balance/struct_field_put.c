// SPDX-License-Identifier: GPL-2.0
/* Kind 1 across functions: pin into ctx->pages, put_page() in release. */
#include <linux/mm.h>
#include <linux/slab.h>

struct user_buf {
	struct page **pages;
	int nr;
};

static int user_buf_init(struct user_buf *ctx, unsigned long uaddr, int nr)
{
	int ret;

	ctx->pages = kcalloc(nr, sizeof(struct page *), GFP_KERNEL);
	if (!ctx->pages)
		return -ENOMEM;
	ret = pin_user_pages_fast(uaddr, nr, FOLL_LONGTERM, ctx->pages);
	if (ret < 0) {
		kfree(ctx->pages);
		return ret;
	}
	ctx->nr = ret;
	return 0;
}

static void user_buf_release(struct user_buf *ctx)
{
	int i;

	for (i = 0; i < ctx->nr; i++)
		put_page(ctx->pages[i]);
	kfree(ctx->pages);
}

/* A different object whose pages come from get_user_pages: not flagged. */
static void other_release(struct user_buf *other)
{
	put_page(other->pages[0]);
}
