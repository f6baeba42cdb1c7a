// SPDX-License-Identifier: GPL-2.0
/* The page array belongs to the buffer object and is reached through an
 * accessor; the pin fills it, the object's release drops the pages. */
#include <linux/mm.h>
#include <linux/slab.h>

struct ubuf {
	struct page **pages;
	int nr;
};

static struct page **ubuf_pages(struct ubuf *u)
{
	return u->pages;
}

static int ubuf_pin(struct ubuf *u, unsigned long addr, int n)
{
	struct page **pages = ubuf_pages(u);
	int got, i;

	got = get_user_pages_fast(addr, n, FOLL_WRITE, pages);
	if (got < 0)
		return got;
	if (got != n) {
		for (i = 0; i < got; i++)
			put_page(pages[i]);
		return -EFAULT;
	}
	u->nr = got;
	return 0;
}

static void ubuf_release(struct ubuf *u)
{
	int i;

	for (i = 0; i < u->nr; i++)
		put_page(u->pages[i]);
	kfree(u->pages);
}

int ubuf_setup(struct ubuf *u, unsigned long addr, int n)
{
	int ret;

	u->pages = kcalloc(n, sizeof(*u->pages), GFP_KERNEL);
	if (!u->pages)
		return -ENOMEM;
	ret = ubuf_pin(u, addr, n);
	if (ret)
		kfree(u->pages);
	return ret;
}

void ubuf_teardown(struct ubuf *u)
{
	ubuf_release(u);
}
