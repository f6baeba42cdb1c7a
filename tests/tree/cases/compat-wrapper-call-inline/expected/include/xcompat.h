/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XCOMPAT_H
#define XCOMPAT_H
#include <linux/mm.h>

static inline int x_get_user_pages(unsigned long start, int n, int write,
				   struct page **pages)
{
	return pin_user_pages_fast(start, n, write ? FOLL_WRITE : 0, pages);
}
#endif
