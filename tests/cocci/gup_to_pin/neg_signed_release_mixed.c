// A signed release_pages() count on the error path, next to a put_page()
// loop on the success path of the same function: the error path could pass a
// negative count to unpin_user_pages(), so the site must stay as it is.
static int xfer_user(struct xfer *x, unsigned long uaddr)
{
	int pinned, i;

	pinned = get_user_pages_fast(uaddr, x->npages, FOLL_WRITE, x->pages);
	if (pinned != x->npages) {
		release_pages(x->pages, pinned);
		return -EFAULT;
	}
	xfer_copy(x);
	for (i = 0; i < pinned; i++)
		put_page(x->pages[i]);
	return 0;
}
