// The page is stored in a context and put in another file: converting only
// this half would unbalance the pin (report: needs-manual).
static int ctx_setup_notify(struct host_ctx *ctx, unsigned long uva)
{
	struct page *page;
	int retval;

	retval = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);
	if (retval != 1)
		return -EFAULT;
	ctx->notify_page = page;
	ctx->notify = kmap(page) + (uva & (PAGE_SIZE - 1));
	return 0;
}
