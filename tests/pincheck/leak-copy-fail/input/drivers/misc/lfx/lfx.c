// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static long lfx_ioctl(unsigned long uaddr, int n, struct page **pages, void __user *arg)
{
	long ret;

	ret = pin_user_pages_fast(uaddr, n, 0, pages);
	if (ret < 0)
		return ret;
	if (copy_to_user(arg, &ret, sizeof(ret)))
		return -EFAULT;
	unpin_user_pages(pages, ret);
	return 0;
}
