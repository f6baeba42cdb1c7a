// SPDX-License-Identifier: GPL-2.0
/* A shared page the user registers: its kernel address is kept next to it
 * and read and written with memcpy() on later ioctls (CPU access to the
 * contents, not a hand-over of the page).  A second path copies the page
 * pointers themselves into another array with memcpy(): that array is a
 * place the solver does not follow, and so is an array of their pfns
 * copied into a descriptor. */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

struct shmq_ctx {
	struct page *ring_page;
	void *ring;
	struct page **saved;
};

static int shmq_register(struct shmq_ctx *ctx, unsigned long uaddr)
{
	int rc;

	rc = get_user_pages_fast(uaddr, 1, FOLL_WRITE, &ctx->ring_page);
	if (rc < 0)
		return rc;
	ctx->ring = page_address(ctx->ring_page);
	return 0;
}

static void shmq_exchange(struct shmq_ctx *ctx, u8 *msg, size_t len)
{
	unsigned char *slot = page_address(ctx->ring_page) + 64;

	memcpy(msg, ctx->ring, len);
	memcpy(slot, msg, len);
}

static void shmq_unregister(struct shmq_ctx *ctx)
{
	if (ctx->ring_page) {
		set_page_dirty_lock(ctx->ring_page);
		put_page(ctx->ring_page);
		ctx->ring_page = NULL;
		ctx->ring = NULL;
	}
}

static int shmq_snapshot(struct shmq_ctx *ctx, unsigned long uaddr, int nr)
{
	struct page **pages;
	int got;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (got > 0)
		memcpy(ctx->saved, pages, got * sizeof(*pages));
	kfree(pages);
	return got;
}

static int shmq_describe(u64 *desc, unsigned long uaddr, int nr)
{
	struct page *pages[8];
	u64 pfns[8];
	int got, i;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	for (i = 0; i < got; i++)
		pfns[i] = page_to_pfn(pages[i]);
	memcpy(desc, pfns, got * sizeof(u64));
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got;
}
