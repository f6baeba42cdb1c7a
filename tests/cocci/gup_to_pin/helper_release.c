// Pages of a queue pair, put by a static helper that takes the array
// (vmw_vmci style); the helper also clears the slots.
struct qp_kern {
	struct page **header_page;
	u64 num_pages;
};

static void qp_release_pages(struct page **pages, u64 num_pages, bool dirty)
{
	u64 i;

	for (i = 0; i < num_pages; i++) {
		if (dirty)
			set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
}

static int qp_get_user_memory(u64 uva, struct qp_kern *q)
{
	int retval;

	retval = get_user_pages_fast((uintptr_t)uva, q->num_pages, FOLL_WRITE,
				     q->header_page);
	if (retval < (int)q->num_pages) {
		if (retval > 0)
			qp_release_pages(q->header_page, retval, false);
		return -ENOMEM;
	}
	return 0;
}

static void qp_unregister_user_memory(struct qp_kern *q)
{
	void *va = kmap(q->header_page[0]);

	memset(va, 0, 8);
	kunmap(q->header_page[0]);
	qp_release_pages(q->header_page, q->num_pages, true);
}
