// SPDX-License-Identifier: GPL-2.0
/* Sites left for a hand conversion, each with the reason: pages into a
 * scatterlist (vhost-scsi), into bio_vecs (ceph), into NFS requests. */
static int map_to_sgl(struct scsi_cmd *cmd, struct iov_iter *iter,
		      struct scatterlist *sg)
{
	struct page **pages = cmd->upages;
	unsigned int npages = 0;
	size_t offset;
	ssize_t bytes;

	bytes = iov_iter_get_pages2(iter, pages, LONG_MAX, 16, &offset);
	if (bytes <= 0)
		return bytes < 0 ? bytes : -EFAULT;
	while (bytes) {
		unsigned int n = min_t(unsigned int, PAGE_SIZE - offset, bytes);

		sg_set_page(sg++, pages[npages++], n, offset);
		bytes -= n;
		offset = 0;
	}
	return npages;
}

static ssize_t iter_get_bvecs(struct iov_iter *iter, size_t maxsize,
			      struct bio_vec *bvecs)
{
	struct page *pages[16];
	size_t start;
	ssize_t bytes;
	int idx;

	bytes = iov_iter_get_pages2(iter, pages, maxsize, 16, &start);
	if (bytes < 0)
		return bytes;
	for (idx = 0; bytes; idx++) {
		struct bio_vec bv = {
			.bv_page = pages[idx],
			.bv_len = min_t(int, bytes, PAGE_SIZE - start),
			.bv_offset = start,
		};

		bvecs[idx] = bv;
		bytes -= bv.bv_len;
		start = 0;
	}
	return 0;
}

static ssize_t direct_read_schedule(struct nfs_direct_req *dreq,
				    struct iov_iter *iter)
{
	struct page **pagevec;
	size_t pgbase;
	ssize_t result;
	unsigned int i;

	result = iov_iter_get_pages_alloc2(iter, &pagevec, 65536, &pgbase);
	if (result < 0)
		return result;
	for (i = 0; i < DIV_ROUND_UP(result + pgbase, PAGE_SIZE); i++) {
		struct nfs_page *req;

		req = nfs_create_request(dreq->ctx, pagevec[i], pgbase, 0, PAGE_SIZE);
		if (IS_ERR(req))
			break;
	}
	nfs_direct_release_pages(pagevec, i);
	kvfree(pagevec);
	return result;
}
