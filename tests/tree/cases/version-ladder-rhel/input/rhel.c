// SPDX-License-Identifier: GPL-2.0
/* RHEL-style condition: the old path is for upstream kernels before 5.6
 * that are not RHEL >= 8.3 (unknown: never guessed, still < 5.6). */
#include <linux/version.h>
#include <linux/mm.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0) && \
	!(defined(RHEL_RELEASE_CODE) && RHEL_RELEASE_CODE >= RHEL_RELEASE_VERSION(8, 3))
static int rh_touch(unsigned long uaddr)
{
	struct page *page;

	if (get_user_pages_fast(uaddr, 1, 0, &page) != 1)
		return -EFAULT;
	put_page(page);
	return 0;
}
#endif
