// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static int ufx_xfer(int mode, unsigned long uaddr, int nr, struct page **pages)
{
	int done;
	int ret = 0;

	if (mode > 3) {
		ret = -EINVAL;
		goto out;
	}
	done = pin_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (done < 0)
		return done;
	ret = done == nr ? 0 : -EFAULT;
out:
	unpin_user_pages_dirty_lock(pages, done, true);
	return ret;
}
