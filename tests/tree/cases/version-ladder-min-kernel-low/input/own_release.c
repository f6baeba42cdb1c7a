// SPDX-License-Identifier: GPL-2.0
/* Old kernels take a different path with its own arrays and release; the
 * new path is converted, the old one stays as it is. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 4, 0)
static int old_map(unsigned long uaddr, struct page **old_pages, int n)
{
	int got = get_user_pages_fast(uaddr, n, 1, old_pages);
	int i;

	if (got <= 0)
		return -EFAULT;
	for (i = 0; i < got; i++)
		put_page(old_pages[i]);
	return 0;
}
#endif

static int new_map(unsigned long uaddr, struct page **pages, int n,
		   struct scatterlist *sgl)
{
	int got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	int i;

	if (got <= 0)
		return -EFAULT;
	for (i = 0; i < got; i++)
		sg_set_page(&sgl[i], pages[i], PAGE_SIZE, 0);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}
