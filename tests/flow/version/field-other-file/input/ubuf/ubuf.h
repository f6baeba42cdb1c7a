/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UBUF_H
#define UBUF_H
#include <linux/mm.h>

/* A user buffer registered with the device: kept pinned until release on
 * current kernels, copied at registration on old ones. */
struct ubuf {
	struct page **pages;
	int npages;
	void *copy;
};

int ubuf_map(struct ubuf *ub, unsigned long uaddr, int npages);
void ubuf_release(struct ubuf *ub);
#endif
