// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int rtx_pin_all(unsigned long start, unsigned long npages, struct page **pvec)
{
	unsigned long pinned = 0;
	long ret;

	do {
		struct page **pages = pvec + pinned;

		ret = pin_user_pages_fast(start + pinned * PAGE_SIZE, npages - pinned,
					  FOLL_WRITE | FOLL_LONGTERM, pages);
		if (ret < 0) {
			unpin_user_pages(pvec, pinned);
			return ret;
		}
		pinned += ret;
	} while (pinned < npages);
	return 0;
}
