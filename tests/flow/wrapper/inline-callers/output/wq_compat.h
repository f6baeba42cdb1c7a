/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WQ_COMPAT_H
#define WQ_COMPAT_H
#include <linux/mm.h>

/* The driver's one way into gup: every caller goes through it. */
static inline int wq_get_pages(unsigned long start, int nr, bool write,
			       struct page **pages)
{
	return pin_user_pages_fast(start, nr, write ? FOLL_WRITE : 0, pages);
}

int wq_rx_copy(unsigned long uaddr, const void *src, size_t len);
int wq_tx_sum(unsigned long uaddr, int nr, u32 *sum);
#endif
