// SPDX-License-Identifier: GPL-2.0
struct r3_dev {
	struct page **pages;
	unsigned long npages;
};

static int r3_get(struct r3_dev *d, unsigned long uaddr, unsigned long n)
{
	long got;

	down_read(&current->mm->mmap_sem);
	got = pin_user_pages(uaddr, n, FOLL_WRITE | FOLL_LONGTERM, d->pages,
			     NULL);
	up_read(&current->mm->mmap_sem);
	if (got < 0)
		return got;
	d->npages = got;
	return 0;
}

static void r3_put(struct r3_dev *d)
{
	unsigned long i;

	for (i = 0; i < d->npages; i++)
		unpin_user_page(d->pages[i]);
}
