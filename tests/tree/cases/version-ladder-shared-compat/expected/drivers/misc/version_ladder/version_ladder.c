// SPDX-License-Identifier: GPL-2.0
/* One driver, many kernels: the branch for "< 6.5" also covers 4.9-5.5,
 * where pin_user_pages() does not exist. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include "pinconv_compat.h"

static long chan_pin_user(unsigned long uaddr, long want, struct page **pages,
			  struct scatterlist *sgl)
{
	long got, i;

	mmap_read_lock(current->mm);
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	got = get_user_pages(uaddr, want, 1, 0, pages, NULL);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
	got = pin_user_pages(uaddr, want, FOLL_WRITE, pages, NULL);
#else
	got = pin_user_pages(uaddr, want, FOLL_WRITE, pages);
#endif
	mmap_read_unlock(current->mm);
	if (got != want) {
		for (i = 0; i < got; i++)
			unpin_user_page(pages[i]);
		return -EFAULT;
	}
	for (i = 0; i < got; i++)
		sg_set_page(&sgl[i], pages[i], PAGE_SIZE, 0);
	return got;
}
