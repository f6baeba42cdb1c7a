// SPDX-License-Identifier: GPL-2.0
/*
 * The errno is logged but not excluded: the path through the warning goes
 * on to release_pages() with the errno as its count.
 */
#include <linux/mm.h>
#include <linux/printk.h>

static long vpu_peek_user(unsigned long uaddr, int n, struct page **pages, u32 *word)
{
	long got;

	got = get_user_pages_fast(uaddr, n, 0, pages);
	if (got < 0)
		pr_warn("vpu: cannot pin the buffer: %ld\n", got);
	if (got > 0)
		*word = *(u32 *)page_address(pages[0]);
	release_pages(pages, got);
	return got;
}

static long vpu_peek(unsigned long uaddr, struct page **pages, u32 *word)
{
	return vpu_peek_user(uaddr, 1, pages, word);
}

long vpu_read_word(unsigned long uaddr, u32 *word)
{
	struct page *page;

	return vpu_peek(uaddr, &page, word);
}
