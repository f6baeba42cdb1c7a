// A page is taken out of the array under another name before it is put:
// the rule cannot follow the alias, so nothing changes (needs-manual).
static int dev_copy_in(struct page **pages, unsigned long uaddr, int n)
{
	struct page *pg;
	int got, i;

	got = get_user_pages_fast(uaddr, n, 0, pages);
	if (got <= 0)
		return got;
	for (i = 0; i < got; i++) {
		pg = pages[i];
		dev_copy_page(pg);
		put_page(pg);
	}
	return 0;
}
