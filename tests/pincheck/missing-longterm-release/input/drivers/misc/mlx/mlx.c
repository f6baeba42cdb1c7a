// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/fs.h>

struct mlx_region {
	struct page **pg;
	int count;
};

static int mlx_release(struct inode *inode, struct file *file)
{
	struct mlx_region *r = file->private_data;

	unpin_user_pages(r->pg, r->count);
	return 0;
}

static int mlx_register(struct mlx_region *r, unsigned long uaddr, int count)
{
	int got = pin_user_pages_fast(uaddr, count, FOLL_WRITE, r->pg);

	if (got < 0)
		return got;
	r->count = got;
	return 0;
}
