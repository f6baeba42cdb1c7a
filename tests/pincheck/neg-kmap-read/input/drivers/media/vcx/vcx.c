// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

struct vcx_buf {
	struct page **pages;
	unsigned int nr_pages;
	u32 *hdr;
};

/* Pinned writable (the device may write later), but here only read by the CPU. */
static u32 vcx_checksum(struct vcx_buf *buf, u8 *bounce, size_t len)
{
	unsigned int i;
	u32 sum = 0;
	void *vaddr;

	for (i = 0; i < buf->nr_pages && len; i++) {
		size_t n = min_t(size_t, len, PAGE_SIZE);

		vaddr = kmap_local_page(buf->pages[i]);
		memcpy(bounce, vaddr, n);
		kunmap_local(vaddr);
		sum += bounce[0];
		len -= n;
	}
	return sum;
}

static int vcx_peek(struct vcx_buf *buf, u32 __user *out)
{
	u32 *map = kmap(buf->pages[0]);
	u32 first = map[0];
	int ret = 0;

	if (copy_to_user(out, map, sizeof(*map)))
		ret = -EFAULT;
	kunmap(buf->pages[0]);
	return ret ?: first;
}

static void vcx_buf_release(struct vcx_buf *buf)
{
	unpin_user_pages(buf->pages, buf->nr_pages);
	kfree(buf->pages);
}

/* The header page is written by the CPU and dirtied before the unpin. */
static int vcx_stamp(unsigned long uaddr, u32 stamp)
{
	struct page *page;
	u32 *hdr;

	if (pin_user_pages_fast(uaddr, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	hdr = kmap_local_page(page);
	hdr[0] = stamp;
	kunmap_local(hdr);
	unpin_user_pages_dirty_lock(&page, 1, true);
	return 0;
}

static int vcx_qbuf(struct vcx_buf *buf, unsigned long uaddr, u8 *bounce, size_t len,
		    u32 __user *out)
{
	int pinned, ret;

	buf->nr_pages = DIV_ROUND_UP(len, PAGE_SIZE);
	buf->pages = kcalloc(buf->nr_pages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(uaddr, buf->nr_pages, FOLL_WRITE, buf->pages);
	if (pinned != buf->nr_pages) {
		if (pinned > 0)
			unpin_user_pages(buf->pages, pinned);
		kfree(buf->pages);
		return pinned < 0 ? pinned : -EFAULT;
	}
	ret = vcx_peek(buf, out);
	if (ret >= 0)
		ret = vcx_checksum(buf, bounce, len);
	vcx_buf_release(buf);
	return ret;
}
