// SPDX-License-Identifier: GPL-2.0
/* The pages go into a bio: the bio's completion puts them. */
#include <linux/mm.h>
#include <linux/bio.h>

static int ubio_map(struct bio *bio, unsigned long uaddr, int n, struct page **pages)
{
	int got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got <= 0)
		return -EFAULT;
	for (i = 0; i < got; i++)
		bio_add_page(bio, pages[i], PAGE_SIZE, 0);
	return 0;
}
