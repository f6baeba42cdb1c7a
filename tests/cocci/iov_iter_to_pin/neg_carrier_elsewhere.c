// SPDX-License-Identifier: GPL-2.0
/* A carrier whose release function is in another file: the rule cannot see
 * it, so nothing changes (not even the structure). */
struct io_pages {
	struct page **pages;
	unsigned int num_pages;
};

int io_get_user_pages(struct io_pages *ap, struct iov_iter *ii, size_t bytes)
{
	size_t start;
	ssize_t ret;

	ret = iov_iter_get_pages2(ii, &ap->pages[ap->num_pages], bytes, 8,
				  &start);
	if (ret < 0)
		return ret;
	ap->num_pages += DIV_ROUND_UP(ret + start, PAGE_SIZE);
	return 0;
}
