// SPDX-License-Identifier: GPL-2.0
/* Lustre-style: the configure result HAVE_GET_USER_PAGES_WITHOUT_VMA is
 * defined from 6.5 on; its #else is every kernel before, 5.6 included. */
#include <linux/mm.h>
#include <linux/highmem.h>

static int jobid_peek(unsigned long addr, char *buf, int len)
{
	struct page *page;
	int rc;
	void *v;

	mmap_read_lock(current->mm);
#ifdef HAVE_GET_USER_PAGES_WITHOUT_VMA
	rc = get_user_pages(addr, 1, 0, &page);
#else
	rc = get_user_pages(addr, 1, 0, &page, NULL);
#endif
	mmap_read_unlock(current->mm);
	if (rc != 1)
		return -EFAULT;
	v = kmap_local_page(page);
	memcpy(buf, v + offset_in_page(addr), len);
	kunmap_local(v);
	put_page(page);
	return 0;
}
