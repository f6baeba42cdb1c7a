// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include "fpx.h"

void fpx_buf_free(struct fpx_buf *buf)
{
	unsigned long i;

	for (i = 0; i < buf->nr_pages; i++)
		put_page(buf->pages[i]);
	kfree(buf->pages);
	buf->pages = NULL;
}

static struct page *fpx_db_page;

int fpx_db_map(unsigned long uaddr)
{
	int ret = pin_user_pages_fast(uaddr, 1, FOLL_WRITE | FOLL_LONGTERM, &fpx_db_page);

	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	return 0;
}

void fpx_db_unmap(void)
{
	unpin_user_page(fpx_db_page);
	fpx_db_page = NULL;
}
