// SPDX-License-Identifier: GPL-2.0
/*
 * A user-supplied status page: the driver keeps it mapped for the life of
 * the context and posts completion words into it with the same accessors
 * it uses for the device's own status window.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>

#define SDB_STATUS_SEQ		0x0
#define SDB_STATUS_ERR		0x8

struct sdb_ctx {
	struct page *status_page;
	void __iomem *status;
	u64 seq;
};

static int sdb_set_status_page(struct sdb_ctx *ctx, unsigned long uaddr)
{
	struct page *page;
	int ret;

	if (uaddr & ~PAGE_MASK)
		return -EINVAL;
	ret = pin_user_pages_fast(uaddr, 1, FOLL_WRITE | FOLL_LONGTERM, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	if (PageHighMem(page)) {
		unpin_user_page(page);
		return -EINVAL;
	}
	ctx->status_page = page;
	ctx->status = (void __iomem *)page_address(page);
	return 0;
}

void sdb_post(struct sdb_ctx *ctx, u32 err)
{
	writeq(++ctx->seq, ctx->status + SDB_STATUS_SEQ);
	writel(err, ctx->status + SDB_STATUS_ERR);
}

static int sdb_release(struct inode *inode, struct file *filp)
{
	struct sdb_ctx *ctx = filp->private_data;

	if (ctx->status_page) {
		set_page_dirty_lock(ctx->status_page);
		unpin_user_page(ctx->status_page);
	}
	kfree(ctx);
	return 0;
}

long sdb_ioctl_status(struct file *filp, unsigned long uaddr)
{
	return sdb_set_status_page(filp->private_data, uaddr);
}

const struct file_operations sdb_fops = {
	.release	= sdb_release,
};
