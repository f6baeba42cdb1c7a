// SPDX-License-Identifier: GPL-2.0
/* Every gup call of the driver goes through its compat header. */
#include <linux/module.h>
#include <linux/sched.h>
#include "wrap_compat.h"

long wrap_pin(unsigned long uaddr, long n, struct page **pages)
{
	long got, i;

	mmap_read_lock(current->mm);
	got = wrap_gup(uaddr, n, FOLL_WRITE, pages);
	mmap_read_unlock(current->mm);
	if (got == n)
		return 0;
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return -EFAULT;
}
EXPORT_SYMBOL_GPL(wrap_pin);

int wrap_pin_fast(unsigned long uaddr, int n, struct page **pages)
{
	int got = wrap_gup_fast(uaddr, n, pages);
	int i;

	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got == n ? 0 : -EFAULT;
}
EXPORT_SYMBOL_GPL(wrap_pin_fast);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pinconv test: calls through wrappers");
