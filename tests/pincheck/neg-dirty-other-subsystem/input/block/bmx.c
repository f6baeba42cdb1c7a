// SPDX-License-Identifier: GPL-2.0
#include <linux/bio.h>
#include <linux/uio.h>

/* Bounce-buffer copy of another subsystem: its own bio's pages. */
static int bmx_copy_to_bio(struct bio *bio, struct iov_iter *iter)
{
	struct bvec_iter_all iter_all;
	struct bio_vec *bvec;

	bio_for_each_segment_all(bvec, bio, iter_all) {
		ssize_t ret;

		ret = copy_page_from_iter(bvec->bv_page, bvec->bv_offset, bvec->bv_len, iter);
		if (ret < bvec->bv_len)
			return -EFAULT;
	}
	return 0;
}

/* A user iterator is mapped in place (iov_iter_extract_pages()) instead. */
int bmx_map_or_copy(struct bio *bio, struct iov_iter *iter)
{
	if (user_backed_iter(iter))
		return bmx_map_user(bio, iter);	/* iov_iter_extract_pages() */
	return bmx_copy_to_bio(bio, iter);
}
