// SPDX-License-Identifier: GPL-2.0
/* SetPageDirty() + put_page() under a spinlock: nothing may start sleeping. */
#include <linux/mm.h>
#include <linux/spinlock.h>

struct sds_job {
	spinlock_t lock;
	struct page **pages;
	unsigned int nr;
};

static int sds_start(struct sds_job *job, unsigned long uaddr)
{
	int got = pin_user_pages_fast(uaddr, job->nr, FOLL_WRITE, job->pages);

	if (got < 0)
		return got;
	job->nr = got;
	return 0;
}

static void sds_irq_done(struct sds_job *job)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&job->lock, flags);
	for (i = 0; i < job->nr; i++) {
		SetPageDirty(job->pages[i]);
		unpin_user_page(job->pages[i]);
	}
	spin_unlock_irqrestore(&job->lock, flags);
}
