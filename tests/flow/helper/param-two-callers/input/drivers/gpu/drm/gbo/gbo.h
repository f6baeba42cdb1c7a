/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GBO_H
#define GBO_H

#include <linux/mm.h>
#include <linux/scatterlist.h>

struct gbo_obj {
	struct page **pages;
	unsigned long npages;
	struct sg_table *sgt;
};

struct gbo_unmgd {
	struct page **pages;
	unsigned long npages;
	struct sg_table *sgt;
};


#endif
