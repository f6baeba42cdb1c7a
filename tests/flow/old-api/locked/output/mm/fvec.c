// SPDX-License-Identifier: GPL-2.0
static long r3c_get(unsigned long start, unsigned long n, struct page **pages)
{
	int locked = 1;
	long ret, i;

	down_read(&current->mm->mmap_sem);
	ret = pin_user_pages(start, n, FOLL_WRITE, pages, NULL);
	if (locked)
		up_read(&current->mm->mmap_sem);
	for (i = 0; i < ret; i++)
		unpin_user_page(pages[i]);
	return ret;
}
