// Sites whose release is in no shape the conversion knows: the pages go to
// helpers the rule does not follow (bio_add_user_pages(), fuse_add_pages()).
static int blkdev_fill_bio(struct bio *bio, struct iov_iter *iter)
{
	struct page **pages = (struct page **)bio->bi_io_vec;
	size_t offset;
	ssize_t size;

	size = iov_iter_get_pages2(iter, pages, UINT_MAX - bio->bi_iter.bi_size,
				   BIO_MAX_VECS, &offset);
	if (unlikely(size <= 0))
		return size ? size : -EFAULT;
	return bio_add_user_pages(bio, pages, size, offset);
}

static ssize_t fuse_get_user_pages(struct fuse_args_pages *ap, struct iov_iter *ii,
				   size_t *nbytesp)
{
	struct page **pages;
	size_t start;
	ssize_t ret;

	ret = iov_iter_get_pages_alloc2(ii, &pages, *nbytesp, &start);
	if (ret < 0)
		return ret;
	fuse_add_pages(ap, pages, ret, start);
	kvfree(pages);
	return ret;
}
