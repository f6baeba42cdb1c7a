// SPDX-License-Identifier: GPL-2.0
/* A buffer kept registered until release: its gup flags are a conditional
 * expression, so FOLL_LONGTERM must be OR-ed onto the whole of it. */
#include <linux/mm.h>
#include <linux/slab.h>

struct xfer_buf {
	struct page **pages;
	int npages;
	bool from_dev;
};

static int xfer_register(struct xfer_buf *buf, unsigned long uaddr, int n,
			 bool from_dev)
{
	int got;

	buf->pages = kcalloc(n, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages)
		return -ENOMEM;
	got = get_user_pages_fast(uaddr, n, from_dev ? FOLL_WRITE : 0,
				  buf->pages);
	if (got < 0) {
		kfree(buf->pages);
		return got;
	}
	if (got != n) {
		while (got--)
			put_page(buf->pages[got]);
		kfree(buf->pages);
		return -EFAULT;
	}
	buf->npages = n;
	buf->from_dev = from_dev;
	return 0;
}

static void xfer_release(struct xfer_buf *buf)
{
	int i;

	for (i = 0; i < buf->npages; i++)
		put_page(buf->pages[i]);
	kfree(buf->pages);
}

int xfer_ioctl_reg(struct xfer_buf *buf, unsigned long uaddr, int n, bool w)
{
	return xfer_register(buf, uaddr, n, w);
}

void xfer_ioctl_unreg(struct xfer_buf *buf)
{
	xfer_release(buf);
}
