// SPDX-License-Identifier: GPL-2.0
/* One field holds either a user page or a kernel page: one release for
 * both.  The user page cannot be pinned unless the release can tell. */
#include <linux/mm.h>

struct fw_buf {
	struct page *page;
};

static int fw_attach_user(struct fw_buf *b, unsigned long uaddr)
{
	struct page *pg;

	if (get_user_pages_fast(uaddr, 1, FOLL_WRITE, &pg) != 1)
		return -EFAULT;
	b->page = pg;
	return 0;
}

static int fw_attach_kernel(struct fw_buf *b)
{
	b->page = alloc_page(GFP_KERNEL);
	return b->page ? 0 : -ENOMEM;
}

static void fw_detach(struct fw_buf *b)
{
	put_page(b->page);
	b->page = NULL;
}
