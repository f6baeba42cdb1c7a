/* SPDX-License-Identifier: GPL-2.0 */
/* A 6.3+ kernel: iov_iter_extract_pages() exists. */
struct iov_iter;
struct page;
ssize_t iov_iter_extract_pages(struct iov_iter *i, struct page ***pages, size_t maxsize,
			       unsigned int maxpages, unsigned int extraction_flags,
			       size_t *offset0);
ssize_t iov_iter_get_pages2(struct iov_iter *i, struct page **pages, size_t maxsize,
			    unsigned int maxpages, size_t *start);
