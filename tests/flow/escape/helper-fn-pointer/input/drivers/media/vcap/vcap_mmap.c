// SPDX-License-Identifier: GPL-2.0
#include <linux/gfp.h>
#include <linux/mm.h>
#include "vcap.h"

static const struct vcap_buf_ops vcap_mmap_ops = {
	.put_pages = vcap_put_pages,
};

void vcap_mmap_free(struct page **pages, int n)
{
	vcap_mmap_ops.put_pages(pages, n);
}
