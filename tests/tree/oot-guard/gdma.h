/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GDMA_H
#define GDMA_H
#include <linux/version.h>
#include <linux/mm.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "gdma needs Linux 5.10 or later"
#endif

/* get_user_pages() lost its vmas argument in 6.5. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define gdma_gup(start, nr, flags, pages) get_user_pages(start, nr, flags, pages)
#else
#define gdma_gup(start, nr, flags, pages) \
	get_user_pages(start, nr, flags, pages, NULL)
#endif

int gdma_rx(unsigned long uaddr, const void *buf, size_t len);
int gdma_tx(unsigned long uaddr, int nr, u32 *csum);
#endif
