// SPDX-License-Identifier: GPL-2.0
/* Kind 3: FOLL_PIN / FOLL_GET passed explicitly. */
#include <linux/mm.h>

static long a(unsigned long uaddr, struct page **pages, int n)
{
	return get_user_pages_unlocked(uaddr, n, pages, FOLL_GET);
}

static int b(unsigned long uaddr, struct page **pages, int n)
{
	return get_user_pages_fast(uaddr, n, FOLL_PIN | FOLL_WRITE, pages);
}

static int c(unsigned long uaddr, struct page **pages, int n, bool w)
{
	unsigned int gup_flags = FOLL_PIN;

	if (w)
		gup_flags |= FOLL_WRITE;
	return pin_user_pages_fast(uaddr, n, gup_flags, pages);
}

/* Not flagged: ordinary flags. */
static int d(unsigned long uaddr, struct page **pages, int n)
{
	return pin_user_pages_fast(uaddr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
}
