/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XL_COMPAT_H
#define XL_COMPAT_H
#include <linux/mm.h>

/* One spelling of the gup call for the whole driver. */
#define xl_gup(addr, nr, write, pages) \
	get_user_pages_fast(addr, nr, (write) ? FOLL_WRITE : 0, pages)

int xl_read_word(unsigned long uaddr, u32 *val);
int xl_fill(unsigned long uaddr, int nr, u8 pattern);
int xl_queue(void *dev, unsigned long uaddr, int nr);
int xl_hw_post(void *dev, struct page **pages, int nr);
#endif
