/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XM_COMPAT_H
#define XM_COMPAT_H
#include <linux/mm.h>

/* One spelling of the gup call for the whole driver. */
#define xm_gup(addr, nr, write, pages) \
	get_user_pages_fast(addr, nr, (write) ? FOLL_WRITE : 0, pages)

int xm_read_word(unsigned long uaddr, u32 *val);
int xm_fill(unsigned long uaddr, int nr, u8 pattern);
#endif
