// SPDX-License-Identifier: GPL-2.0
/* One page array per buffer, filled by two paths: a whole-buffer pin
 * through a local alias of the array, and a one-page refill whose page is
 * handed to a function outside the driver.  The buffer's release drops
 * both, so neither path can be converted alone. */
#include <linux/mm.h>
#include <linux/slab.h>

struct vcap_buf {
	struct page **pages;
	int nr;
};

void vcap_hw_queue_page(struct page *page);

static int vcap_buf_pin(struct vcap_buf *b, unsigned long uaddr, int n)
{
	struct page **pages = b->pages;
	int got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got < 0)
		return got;
	if (got < n) {
		for (i = 0; i < got; i++)
			put_page(pages[i]);
		return -EFAULT;
	}
	b->nr = got;
	return 0;
}

static int vcap_buf_refill(struct vcap_buf *b, unsigned long uaddr, int k)
{
	int ret;

	ret = get_user_pages_fast(uaddr, 1, FOLL_WRITE, b->pages + k);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	vcap_hw_queue_page(b->pages[k]);
	return 0;
}

static void vcap_buf_release(struct vcap_buf *b)
{
	int i;

	for (i = 0; i < b->nr; i++)
		put_page(b->pages[i]);
	b->nr = 0;
}

int vcap_queue(struct vcap_buf *b, unsigned long uaddr, int n, int k)
{
	int ret = vcap_buf_pin(b, uaddr, n);

	if (!ret && k >= 0)
		ret = vcap_buf_refill(b, uaddr + k * PAGE_SIZE, k);
	if (ret)
		vcap_buf_release(b);
	return ret;
}
