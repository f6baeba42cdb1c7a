// SPDX-License-Identifier: GPL-2.0
/* The driver states its minimum (4.19); a compile probe elsewhere in the
 * tree has an #error of its own, which is the probe's answer. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/highmem.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 19, 0)
#error "ktest needs Linux 4.19 or later"
#endif

int kt_peek(unsigned long uaddr, u8 *out)
{
	struct page *page;
	void *kaddr;
	int ret;

	ret = get_user_pages_fast(uaddr, 1, 0, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	kaddr = kmap(page);
	*out = *(u8 *)(kaddr + offset_in_page(uaddr));
	kunmap(page);
	put_page(page);
	return 0;
}
