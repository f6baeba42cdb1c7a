// SPDX-License-Identifier: GPL-2.0
/*
 * An out-of-tree driver's direct-I/O path: it maps the caller's iterator
 * into a bio.  Built against a kernel with the pinconv core series it can
 * pin; against any other it cannot, and make convert must say so.
 */
#include <linux/bio.h>
#include <linux/uio.h>

static int mydio_add_page(struct bio *bio, struct page *page,
			  unsigned int len, unsigned int off)
{
	if (bio_add_page(bio, page, len, off) != len) {
		put_page(page);
		return -EINVAL;
	}
	return 0;
}

int mydio_map(struct bio *bio, struct iov_iter *iter)
{
	struct page *pages[16];
	unsigned int i, n, len;
	size_t off;
	ssize_t bytes;

	bytes = iov_iter_get_pages2(iter, pages, 16 * PAGE_SIZE, 16, &off);
	if (bytes <= 0)
		return bytes ? bytes : -EFAULT;
	n = DIV_ROUND_UP(off + bytes, PAGE_SIZE);
	for (i = 0; i < n; i++) {
		len = min_t(size_t, PAGE_SIZE - off, bytes);
		if (mydio_add_page(bio, pages[i], len, off))
			break;
		bytes -= len;
		off = 0;
	}
	while (++i < n)
		put_page(pages[i]);
	return 0;
}
