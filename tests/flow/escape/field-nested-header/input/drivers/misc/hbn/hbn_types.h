/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HBN_TYPES_H
#define HBN_TYPES_H

struct hbn_chunk {
	struct page **pages;
	unsigned long npages;
};

struct hbn_bank {
	unsigned int nr_chunks;
	struct hbn_chunk chunk[8];
};

#endif
