/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MGDRV_H
#define MGDRV_H
#include <linux/version.h>
#include <linux/mm.h>

/* The driver's stated minimum: nothing below 5.10 is supported. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "mgdrv needs Linux 5.10 or later"
#endif

/* Neither a minimum: a maximum, and a check under a config option. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 20, 0)
#error "mgdrv is not tested on this kernel yet"
#endif
#if defined(CONFIG_MGDRV_LEGACY_DMA) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "the legacy DMA mode needs 6.1"
#endif

void mg_put_pages(struct page **pages, int n, bool dirty);
#endif
