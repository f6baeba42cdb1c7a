// SPDX-License-Identifier: GPL-2.0
/* A driver that already pins where the kernel can (configure result
 * CPAIR_HAVE_PIN from its Makefile) and falls back to get/put elsewhere. */
#include <linux/module.h>
#include <linux/mm.h>

int cpair_probe_page(unsigned long uaddr, unsigned long *pfn)
{
	struct page *page;
	int ret;

#ifdef CPAIR_HAVE_PIN
	ret = pin_user_pages_fast(uaddr, 1, FOLL_WRITE, &page);
#else
	ret = get_user_pages_fast(uaddr, 1, FOLL_WRITE, &page);
#endif
	if (ret <= 0)
		return ret ? ret : -EFAULT;
	*pfn = page_to_pfn(page);
#ifdef CPAIR_HAVE_PIN
	unpin_user_page(page);
#else
	put_page(page);
#endif
	return 0;
}
EXPORT_SYMBOL_GPL(cpair_probe_page);

/* A get-only path compiled where the configure test failed. */
#ifndef CPAIR_HAVE_PIN
int cpair_touch(unsigned long uaddr)
{
	struct page *page;

	if (get_user_pages_fast(uaddr, 1, 0, &page) != 1)
		return -EFAULT;
	put_page(page);
	return 0;
}
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pinconv test: a configure-style compat pair");
