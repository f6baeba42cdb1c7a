// SPDX-License-Identifier: GPL-2.0
/* NVIDIA-style conftest macro: NV_PIN_USER_PAGES_PRESENT. */
#include <linux/mm.h>

static long nv_lock_user(unsigned long start, unsigned long n, struct page **pages)
{
	long got;
	unsigned long i;

	mmap_read_lock(current->mm);
#if defined(NV_PIN_USER_PAGES_PRESENT)
	got = pin_user_pages(start, n, FOLL_WRITE, pages, NULL);
#else
	got = get_user_pages(start, n, FOLL_WRITE, pages, NULL);
#endif
	mmap_read_unlock(current->mm);
	if (got == n)
		return 0;
	for (i = 0; i < got; i++) {
#if defined(NV_PIN_USER_PAGES_PRESENT)
		unpin_user_page(pages[i]);
#else
		put_page(pages[i]);
#endif
	}
	return -EFAULT;
}
