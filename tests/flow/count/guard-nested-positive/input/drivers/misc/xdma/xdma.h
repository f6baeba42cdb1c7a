/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDMA_H
#define XDMA_H
int xdma_get_pages(unsigned long uaddr, int n, struct page ***pagesp);
#endif
