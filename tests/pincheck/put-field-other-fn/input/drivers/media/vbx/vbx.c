// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

struct vbx_buf {
	struct page **pages;
	int nr;
};

static void vbx_buf_free(struct vbx_buf *buf)
{
	int i;

	for (i = 0; i < buf->nr; i++)
		put_page(buf->pages[i]);
	kfree(buf->pages);
}

static int vbx_buf_get(struct vbx_buf *buf, unsigned long uaddr, int nr)
{
	struct page **pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	int ret;

	if (!pages)
		return -ENOMEM;
	ret = pin_user_pages_fast(uaddr, nr, FOLL_LONGTERM, pages);
	if (ret < 0) {
		kfree(pages);
		return ret;
	}
	if (ret != nr) {
		unpin_user_pages(pages, ret);
		kfree(pages);
		return -EFAULT;
	}
	buf->pages = pages;
	buf->nr = nr;
	return 0;
}
