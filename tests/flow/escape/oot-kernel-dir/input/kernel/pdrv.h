/* SPDX-License-Identifier: GPL-2.0 */
/* An out-of-tree driver whose module sources live in kernel/ (the
 * user-space library beside it in lib/): the driver's own structures. */
#ifndef PDRV_H
#define PDRV_H
#include <linux/mm.h>

struct pdrv_map {
	struct page **pages;
	int nr;
};

int pdrv_map_user(struct pdrv_map *m, unsigned long uaddr, int n);
void pdrv_unmap(struct pdrv_map *m);
#endif
