// SPDX-License-Identifier: GPL-2.0
/* The array starts NULL (for the error path), and is allocated inside the
 * test of its own NULL check, the way KastnerRG/riffa's fill_sg_buf() does:
 * the call always has an array. */
#include <linux/mm.h>
#include <linux/slab.h>

static long ntac_copy(unsigned long uaddr, unsigned int n, u8 *out)
{
	struct page **pages = NULL;
	long pinned, i, ret = 0;

	if ((pages = kmalloc(n * sizeof(*pages), GFP_KERNEL)) == NULL)
		return -ENOMEM;
	pinned = pin_user_pages_fast(uaddr, n, 0, pages);
	if (pinned != n) {
		ret = -EFAULT;
		goto out;
	}
	*out = *(u8 *)page_address(pages[0]);
out:
	for (i = 0; i < pinned; i++)
		unpin_user_page(pages[i]);
	kfree(pages);
	return ret;
}
