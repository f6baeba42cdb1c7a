// SPDX-License-Identifier: GPL-2.0
/* With MIN_KERNEL=5.10 the pre-5.6 branch is dead code: the live branch and
 * the shared release are converted. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/highmem.h>

static int peek(unsigned long uaddr, u8 *out)
{
	struct page *page;
	int ret;

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	ret = get_user_pages_fast(uaddr, 1, 0, &page);
#else
	ret = get_user_pages_fast(uaddr, 1, 0, &page);
#endif
	if (ret != 1)
		return -EFAULT;
	*out = *(u8 *)page_address(page);
	put_page(page);
	return 0;
}
