// SPDX-License-Identifier: GPL-2.0
/* Shaped like fs/fuse/dev.c: the copy state holds the iterator, but the
 * functions that get it also handle page cache and pipe pages, so their
 * get_page()/put_page() are not all about the iterator's pages. */
struct copy_state {
	struct iov_iter *iter;
	struct pipe_buffer *pipebufs;
	struct page *pg;
	int write;
};

static void copy_finish(struct copy_state *cs)
{
	if (cs->pg) {
		if (cs->write)
			set_page_dirty_lock(cs->pg);
		put_page(cs->pg);
	}
	cs->pg = NULL;
}

static int copy_fill(struct copy_state *cs)
{
	struct page *page;
	size_t off;
	int err;

	copy_finish(cs);
	err = iov_iter_get_pages2(cs->iter, &page, PAGE_SIZE, 1, &off);
	if (err < 0)
		return err;
	cs->pg = page;
	return 0;
}

static int copy_move_page(struct copy_state *cs, struct page **pagep)
{
	struct pipe_buffer *buf = cs->pipebufs;
	struct page *oldpage = *pagep;

	get_page(oldpage);
	*pagep = buf->page;
	put_page(oldpage);
	return 0;
}
