/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LADDER_H
#define LADDER_H
#include <linux/mm.h>
long ladder_pin_all(unsigned long uaddr, long want, struct page **pages);
void ladder_release_all(struct page **pages, long n);
#endif
