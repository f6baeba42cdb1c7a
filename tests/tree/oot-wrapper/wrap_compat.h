/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WRAP_COMPAT_H
#define WRAP_COMPAT_H
#include <linux/version.h>
#include <linux/mm.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define wrap_gup(start, nr, flags, pages) get_user_pages(start, nr, flags, pages)
#else
#define wrap_gup(start, nr, flags, pages) \
	get_user_pages(start, nr, flags, pages, NULL)
#endif

static inline int wrap_gup_fast(unsigned long start, int nr, struct page **pages)
{
	return get_user_pages_fast(start, nr, FOLL_WRITE, pages);
}
#endif
