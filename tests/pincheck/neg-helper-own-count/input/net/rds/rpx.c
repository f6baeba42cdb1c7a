// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int rpx_pin_pages(unsigned long addr, unsigned int nr, struct page **pages)
{
	int ret = pin_user_pages_fast(addr, nr, FOLL_WRITE, pages);

	if (ret >= 0 && ret < nr) {
		unpin_user_pages(pages, ret);
		ret = -EFAULT;
	}
	return ret;
}

static int rpx_map(unsigned long addr, unsigned int nr, struct page **pages)
{
	int ret;

	ret = rpx_pin_pages(addr, nr, pages);
	if (ret <= 0)
		return -EFAULT;
	rpx_use(pages, nr);
	unpin_user_pages(pages, nr);
	return 0;
}
