// SPDX-License-Identifier: GPL-2.0
/* Zero-copy decryption into the reader's pages: a scatterlist for the
 * crypto request, not an skb.
 */
#include <linux/mm.h>
#include <linux/uio.h>
#include <linux/scatterlist.h>
#include <crypto/aead.h>

#define TLX_MAX_PAGES 16

static int tlx_fill_sg(struct iov_iter *from, int length, int *used,
		       struct scatterlist *to, int max_pages)
{
	struct page *pages[TLX_MAX_PAGES];
	int n = 0, i, rc = 0;
	ssize_t got;
	size_t off;

	while (length > 0 && n < max_pages) {
		got = iov_iter_get_pages2(from, pages, length, max_pages - n, &off);
		if (got <= 0) {
			rc = -EFAULT;
			break;
		}
		length -= got;
		for (i = 0; got > 0; i++) {
			int use = min_t(int, got, PAGE_SIZE - off);

			sg_set_page(&to[n++], pages[i], use, off);
			got -= use;
			off = 0;
		}
	}
	*used = n;
	return rc;
}

static void tlx_decrypt_done(void *data, int err)
{
	struct aead_request *req = data;
	struct scatterlist *sg;
	unsigned int i;

	for_each_sg(req->dst, sg, UINT_MAX, i) {
		if (!sg)
			break;
		put_page(sg_page(sg));
	}
	kfree(req);
}

int tlx_decrypt_zc(struct aead_request *req, struct iov_iter *to, int len,
		   struct scatterlist *sgout)
{
	int used, rc;

	rc = tlx_fill_sg(to, len, &used, sgout, TLX_MAX_PAGES);
	if (rc)
		return rc;
	aead_request_set_callback(req, 0, tlx_decrypt_done, req);
	return crypto_aead_decrypt(req);
}
