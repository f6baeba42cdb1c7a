// SPDX-License-Identifier: GPL-2.0
/* A driver that still carries branches for kernels it no longer supports
 * (its Kconfig now requires 5.6): MIN_KERNEL=5.6 makes them dead code. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/highmem.h>

static void mk_put_pages(struct page **pages, int n, bool dirty)
{
	int i;

	for (i = 0; i < n; i++) {
		if (dirty)
			set_page_dirty_lock(pages[i]);
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 6, 0)
		page_cache_release(pages[i]);
#else
		put_page(pages[i]);
#endif
	}
}

int mk_fill(unsigned long uaddr, int n, struct page **pages, u8 pattern)
{
	int got, i;

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	got = get_user_pages_fast(uaddr, n, 1, pages);
#else
	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
#endif
	if (got < 0)
		return got;
	for (i = 0; i < got; i++) {
		void *va = kmap(pages[i]);

		memset(va, pattern, PAGE_SIZE);
		kunmap(pages[i]);
	}
	mk_put_pages(pages, got, true);
	return got;
}

int mk_peek(unsigned long uaddr, u32 *val)
{
	struct page *page;
	void *va;

	if (get_user_pages_fast(uaddr, 1, 0, &page) != 1)
		return -EFAULT;
	va = kmap(page);
	*val = *(u32 *)(va + offset_in_page(uaddr));
	kunmap(page);
	mk_put_pages(&page, 1, false);
	return 0;
}
