/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FPX_H
#define FPX_H

struct fpx_buf {
	struct page **pages;
	unsigned long nr_pages;
};

int fpx_buf_pin(struct fpx_buf *buf, unsigned long uaddr, unsigned long n);
void fpx_buf_free(struct fpx_buf *buf);

#endif
