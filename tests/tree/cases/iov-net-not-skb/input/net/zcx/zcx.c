// SPDX-License-Identifier: GPL-2.0
/* Zero-copy send: the user's pages become fragments of the skb. */
#include <linux/mm.h>
#include <linux/uio.h>
#include <linux/skbuff.h>

int zcx_fill_skb(struct sk_buff *skb, struct iov_iter *from, size_t length)
{
	int frag = skb_shinfo(skb)->nr_frags;

	while (length && iov_iter_count(from)) {
		struct page *pages[MAX_SKB_FRAGS];
		size_t start;
		ssize_t copied;
		int n = 0;

		if (frag == MAX_SKB_FRAGS)
			return -EMSGSIZE;
		copied = iov_iter_get_pages2(from, pages, length, MAX_SKB_FRAGS - frag, &start);
		if (copied < 0)
			return -EFAULT;
		length -= copied;
		skb->data_len += copied;
		skb->len += copied;
		while (copied) {
			int size = min_t(int, copied, PAGE_SIZE - start);

			skb_fill_page_desc(skb, frag++, pages[n], start, size);
			start = 0;
			copied -= size;
			n++;
		}
	}
	return 0;
}
