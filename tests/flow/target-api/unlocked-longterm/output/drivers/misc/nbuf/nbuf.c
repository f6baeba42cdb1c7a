// SPDX-License-Identifier: GPL-2.0
struct r1_buf {
	struct page **pages;
	struct scatterlist *sg;
	unsigned int count;
};

int r1_map(struct r1_buf *b, unsigned long uaddr, unsigned int n)
{
	long got = pin_user_pages_fast(uaddr, n, FOLL_FORCE | FOLL_LONGTERM,
				       b->pages);
	unsigned int i;

	if (got < 0)
		return got;
	b->count = got;
	for (i = 0; i < b->count; i++)
		sg_set_page(&b->sg[i], b->pages[i], PAGE_SIZE, 0);
	return 0;
}

void r1_unmap(struct r1_buf *b)
{
	unsigned int i;

	for (i = 0; i < b->count; i++)
		unpin_user_page(b->pages[i]);
	b->count = 0;
}
