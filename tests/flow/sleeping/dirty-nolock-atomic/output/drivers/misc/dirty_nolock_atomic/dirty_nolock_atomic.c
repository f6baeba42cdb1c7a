// SPDX-License-Identifier: GPL-2.0
/* The release marks pages dirty with set_page_dirty() (no page lock) and
 * runs from a completion callback that the DMA engine calls under its
 * queue spinlock. */
#include <linux/mm.h>
#include <linux/spinlock.h>

struct aio_req {
	struct page **pages;
	unsigned int nr;
	bool to_cpu;
};

static int aio_map(struct aio_req *rq, unsigned long uaddr)
{
	return pin_user_pages_fast(uaddr, rq->nr, FOLL_WRITE, rq->pages);
}

static void aio_unmap(struct aio_req *rq)
{
	unsigned int i;

	for (i = 0; i < rq->nr; i++) {
		if (rq->to_cpu)
			set_page_dirty(rq->pages[i]);
		unpin_user_page(rq->pages[i]);
	}
}

static void engine_complete(spinlock_t *qlock, struct aio_req *rq)
{
	spin_lock_bh(qlock);
	aio_unmap(rq);		/* atomic context */
	spin_unlock_bh(qlock);
}
