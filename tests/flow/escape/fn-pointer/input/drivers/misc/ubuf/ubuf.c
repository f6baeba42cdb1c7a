// SPDX-License-Identifier: GPL-2.0
/* The driver picks its page getter through a function pointer: an ops
 * table at file scope and a field set at run time.  The calls through the
 * pointer name no API, so only the places that take the address show
 * that user pages are got (and released with put_page()) here. */
#include <linux/mm.h>

typedef int (*ubuf_getter_t)(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages);

struct ubuf_ops {
	ubuf_getter_t get;
};

struct ubuf {
	ubuf_getter_t get;
	struct page *pages[16];
	int nr;
};

static const struct ubuf_ops ubuf_fast_ops = {
	.get = get_user_pages_fast,
};

static int ubuf_fill(struct ubuf *b, const struct ubuf_ops *ops,
		     unsigned long uaddr)
{
	int got = ops->get(uaddr, b->nr, FOLL_WRITE, b->pages);
	int i;

	for (i = 0; i < got; i++)
		put_page(b->pages[i]);
	return got;
}

static void ubuf_init(struct ubuf *b)
{
	b->get = get_user_pages_fast;
	b->nr = 0;
}
