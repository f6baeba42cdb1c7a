// release_pages() with a signed count that may be negative after an error:
// unpin_user_pages() takes an unsigned count, so do not convert.
static int buf_get(struct buf *b, unsigned long uaddr)
{
	int pinned;

	pinned = get_user_pages_fast(uaddr, b->npages, FOLL_WRITE, b->pages);
	if (pinned != b->npages) {
		release_pages(b->pages, pinned);
		return -EFAULT;
	}
	return 0;
}
