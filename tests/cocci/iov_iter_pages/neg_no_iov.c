// Copies through the iterator do not take page references: nothing to report.
static ssize_t pipe_read_into(struct pipe_buffer *buf, struct iov_iter *to)
{
	size_t n = copy_page_to_iter(buf->page, buf->offset, buf->len, to);

	if (iov_iter_count(to) && n < buf->len)
		return -EFAULT;
	return n;
}
