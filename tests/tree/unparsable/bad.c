// A call spatch cannot parse must be reported as parse-failed, not lost.
static int ok_fn(unsigned long a, struct page **p)
{
	return get_user_pages_fast(a, 1, 0, p);
}

static int bad_fn(unsigned long a, struct page **pages)
{
	int n = WEIRD_MACRO(x y z) {{ ;
	n = get_user_pages_fast(a, 4, FOLL_WRITE, pages);
	release_pages(pages, n);
	return n;
}
