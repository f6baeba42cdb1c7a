/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ACC_H
#define ACC_H
struct page;
struct acc_dev {
	struct page *upages[64];
	struct page *ring[16];
};
void acc_put_pages(struct page **pages, int n);
int acc_ring_fill(struct acc_dev *acc, int n);
void acc_ring_free(struct acc_dev *acc, int n);
#endif
