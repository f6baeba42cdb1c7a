// SPDX-License-Identifier: GPL-2.0
/*
 * The count indexes the release: "while (got--) put_page(pages[got])".
 * wi_touch() gets there with an errno (got < n holds for it); in
 * wi_touch_checked() an errno has returned before.
 */
#include <linux/mm.h>

static int wi_touch(unsigned long uaddr, struct page **pages, int n)
{
	int got;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got < n)
		goto out;
	return 0;
out:
	while (got--)
		put_page(pages[got]);
	return -EFAULT;
}

static int wi_touch_checked(unsigned long uaddr, struct page **pages, int n)
{
	int got;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got < 0)
		return got;
	while (got--)
		put_page(pages[got]);
	return 0;
}

int wi_prefault(unsigned long uaddr, int n)
{
	struct page *first[8], *again[8];
	int ret;

	if (n > 8)
		return -EINVAL;
	ret = wi_touch(uaddr, first, n);
	if (!ret)
		ret = wi_touch_checked(uaddr, again, n);
	return ret;
}
