// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include "fpx.h"

int fpx_buf_pin(struct fpx_buf *buf, unsigned long uaddr, unsigned long n)
{
	long got;

	buf->pages = kcalloc(n, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages)
		return -ENOMEM;
	got = pin_user_pages_fast(uaddr, n, FOLL_LONGTERM, buf->pages);
	if (got < 0) {
		kfree(buf->pages);
		return got;
	}
	buf->nr_pages = got;
	if (got != n) {
		fpx_buf_free(buf);
		return -EFAULT;
	}
	return 0;
}
