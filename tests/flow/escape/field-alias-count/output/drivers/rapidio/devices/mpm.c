// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>

static void mpm_req_free(struct mpm_req *req)
{
	unsigned long i;

	for (i = 0; i < req->nr_pages; i++)
		unpin_user_page(req->page_list[i]);
	kfree(req->page_list);
}

static int mpm_dma(struct mpm_req *req, unsigned long addr, unsigned long nr_pages)
{
	struct page **page_list = kcalloc(nr_pages, sizeof(*page_list), GFP_KERNEL);
	unsigned long i;
	long pinned;

	if (!page_list)
		return -ENOMEM;
	pinned = pin_user_pages_fast(addr, nr_pages, FOLL_WRITE, page_list);
	if (pinned != nr_pages) {
		if (pinned < 0)
			pr_err("mpm: err %ld\n", pinned);
		nr_pages = pinned;	/* how many to release */
		goto err_pg;
	}
	req->page_list = page_list;
	req->nr_pages = nr_pages;
	return mpm_submit(req);
err_pg:
	for (i = 0; i < nr_pages; i++)
		unpin_user_page(page_list[i]);
	kfree(page_list);
	return -EFAULT;
}
