// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/uio.h>

#define NVX_MAX_PAGES 16

struct nvx_req {
	struct page *pages[NVX_MAX_PAGES];
	unsigned int nr_pages;
	size_t offset, len;
};

static void nvx_req_done(struct nvx_req *req)
{
	unsigned int i;

	for (i = 0; i < req->nr_pages; i++)
		put_page(req->pages[i]);
	req->nr_pages = 0;
}

/* Zero-copy transmit: the device reads the caller's buffer in place. */
static ssize_t nvx_map_iter(struct nvx_req *req, struct iov_iter *from, size_t len)
{
	struct page **pages = req->pages;
	ssize_t got;
	size_t off;

	got = iov_iter_extract_pages(from, &pages, len, NVX_MAX_PAGES, 0, &off);
	if (got <= 0)
		return got ?: -EFAULT;
	req->nr_pages = DIV_ROUND_UP(off + got, PAGE_SIZE);
	req->offset = off;
	req->len = got;
	if (nvx_post(req, nvx_req_done) < 0) {
		nvx_req_done(req);
		return -EIO;
	}
	return got;
}
