/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VCAP_H
#define VCAP_H
struct page;
struct vcap_buf_ops {
	void (*put_pages)(struct page **pages, int n);
};
void vcap_put_pages(struct page **pages, int n);
int vcap_queue_user(unsigned long uaddr, int n, struct page **pages);
#endif
