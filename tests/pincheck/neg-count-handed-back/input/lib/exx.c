// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static ssize_t exx_extract(unsigned long addr, size_t maxsize, unsigned int maxpages,
			   struct page ***pages, size_t offset)
{
	long res;

	res = pin_user_pages_fast(addr, maxpages, FOLL_WRITE, *pages);
	if (unlikely(res <= 0))
		return res;
	maxsize = min_t(size_t, maxsize, res * PAGE_SIZE - offset);
	return maxsize;
}
