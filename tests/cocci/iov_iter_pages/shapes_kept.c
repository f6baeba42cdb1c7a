// SPDX-License-Identifier: GPL-2.0
/* Sites that stay on iov_iter_get_pages*(): an ITER_XARRAY iterator over
 * the page cache (like fs/ceph/addr.c) and vmsplice (like fs/splice.c). */
static void fs_issue_read(struct netfs_io_subrequest *subreq)
{
	struct iov_iter iter;
	struct page **pages;
	size_t page_off;
	ssize_t len;

	iov_iter_xarray(&iter, ITER_DEST, &subreq->rreq->mapping->i_pages,
			subreq->start, subreq->len);
	len = iov_iter_get_pages_alloc2(&iter, &pages, subreq->len, &page_off);
	if (len < 0)
		return;
	fs_send_pages(subreq, pages, len, page_off);
}

static int iter_to_pipe(struct iov_iter *from, struct pipe_inode_info *pipe,
			unsigned int flags)
{
	struct pipe_buffer buf = { .ops = &user_page_pipe_buf_ops, .flags = flags };
	struct page *pages[16];
	size_t start;
	ssize_t copied;
	int n;

	copied = iov_iter_get_pages2(from, pages, ~0UL, 16, &start);
	if (copied <= 0)
		return copied;
	for (n = 0; copied; n++, start = 0) {
		int size = min_t(int, copied, PAGE_SIZE - start);

		buf.page = pages[n];
		buf.offset = start;
		buf.len = size;
		add_to_pipe(pipe, &buf);
		copied -= size;
	}
	return 0;
}
