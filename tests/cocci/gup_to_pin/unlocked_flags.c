// get_user_pages_unlocked() with FOLL_GET as the only flag, one page at a
// time into an object's array, and a gup_fast whose flags argument is a
// pre-4.9 "write" int: both keep their meaning after conversion.
struct enc_region {
	struct page **pages;
	unsigned long nr_pages;
	struct list_head entry;
};

static int enc_add_region(struct enc_region *r, unsigned long uaddr,
			  unsigned long size)
{
	unsigned long done = 0;
	long rc;

	while (done < size) {
		rc = get_user_pages_unlocked(uaddr + done, 1,
					     r->pages + r->nr_pages, FOLL_GET);
		if (rc < 0)
			goto put_pages;
		enc_add_phys(page_to_phys(r->pages[r->nr_pages]));
		done += PAGE_SIZE;
		r->nr_pages++;
	}
	return 0;

put_pages:
	while (r->nr_pages)
		put_page(r->pages[--r->nr_pages]);
	return rc;
}

static void enc_remove_region(struct enc_region *r)
{
	unsigned long i;

	list_del(&r->entry);
	for (i = 0; i < r->nr_pages; i++)
		put_page(r->pages[i]);
}

static int enc_map_user(struct enc_buf *b, void __user *ptr)
{
	int n = get_user_pages_fast((unsigned long)ptr, b->count, 1, b->pages);

	if (n != b->count) {
		enc_free_user(b, n < 0 ? 0 : n);
		return -ENOMEM;
	}
	return 0;
}

static void enc_free_user(struct enc_buf *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		put_page(b->pages[i]);
}
