// SPDX-License-Identifier: GPL-2.0
/* Metadata page: one user page read by the CPU, pinned with the new API
 * only where the driver was last updated. */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
int cpx_meta_read(unsigned long uaddr, void *dst, size_t len)
{
	struct page *page;
	void *va;
	int ret;

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	ret = get_user_pages_fast(uaddr & PAGE_MASK, 1, 0, &page);
#else
	ret = get_user_pages_fast(uaddr & PAGE_MASK, 1, 0, &page);
#endif
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	va = kmap_local_page(page);
	memcpy(dst, va + offset_in_page(uaddr), len);
	kunmap_local(va);
	put_page(page);
	return 0;
}
#else
int cpx_meta_read(unsigned long uaddr, void *dst, size_t len)
{
	struct page *page;
	void *va;
	int ret;

	ret = pin_user_pages_fast(uaddr & PAGE_MASK, 1, 0, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	va = kmap_local_page(page);
	memcpy(dst, va + offset_in_page(uaddr), len);
	kunmap_local(va);
	unpin_user_page(page);
	return 0;
}
#endif
