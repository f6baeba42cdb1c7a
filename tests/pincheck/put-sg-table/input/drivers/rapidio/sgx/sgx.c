// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/scatterlist.h>

struct sgx_req {
	struct sg_table sgt;
	struct page **page_list;
	unsigned long nr_pages;
};

static void sgx_req_free(struct sgx_req *req)
{
	struct sg_page_iter piter;

	for_each_sgtable_page(&req->sgt, &piter, 0)
		put_page(sg_page_iter_page(&piter));
	sg_free_table(&req->sgt);
}

static int sgx_map(struct sgx_req *req, unsigned long uaddr, unsigned long nr)
{
	long pinned = pin_user_pages_fast(uaddr, nr, FOLL_WRITE, req->page_list);

	if (pinned < 0)
		return pinned;
	if (pinned != nr) {
		unpin_user_pages(req->page_list, pinned);
		return -EFAULT;
	}
	if (sg_alloc_table_from_pages(&req->sgt, req->page_list, nr, 0,
				      nr << PAGE_SHIFT, GFP_KERNEL)) {
		unpin_user_pages(req->page_list, nr);
		return -ENOMEM;
	}
	return sgx_submit(req);
}
