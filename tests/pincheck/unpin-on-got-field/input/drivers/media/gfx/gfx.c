// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

struct gfx_frame {
	struct page **pages;
	int count;
};

static void gfx_frame_done(struct gfx_frame *f)
{
	unpin_user_pages_dirty_lock(f->pages, f->count, true);
}

static int gfx_frame_get(struct gfx_frame *f, unsigned long uaddr, int n)
{
	int got = get_user_pages_fast(uaddr, n, FOLL_WRITE, f->pages);

	if (got <= 0)
		return -EFAULT;
	f->count = got;
	return 0;
}
