// SPDX-License-Identifier: GPL-2.0
/* The user-buffer half of the driver: its static lookup() returns a page
 * got from user space, and the caller releases it. */
#include <linux/mm.h>

static struct page *lookup(unsigned long uaddr)
{
	struct page *pg;

	if (pin_user_pages_fast(uaddr, 1, FOLL_WRITE, &pg) != 1)
		return NULL;
	return pg;
}

int twin_user_poke(unsigned long uaddr, u8 val)
{
	struct page *p = lookup(uaddr);
	u8 *va;

	if (!p)
		return -EFAULT;
	va = kmap_local_page(p);
	*va = val;
	kunmap_local(va);
	set_page_dirty_lock(p);
	unpin_user_page(p);
	return 0;
}
