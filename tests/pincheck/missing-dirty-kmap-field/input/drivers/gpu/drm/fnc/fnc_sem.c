// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/highmem.h>

/* A semaphore in user memory the driver signals with the CPU. */
struct fnc_sem {
	struct page *page;
	u32 offset;
	u32 seqno;
};

void fnc_sem_signal(struct fnc_sem *sem, u32 seqno)
{
	u32 *map = kmap_atomic(sem->page);

	map[sem->offset / sizeof(u32)] = seqno;
	kunmap_atomic(map);
	sem->seqno = seqno;
}

int fnc_sem_attach(struct fnc_sem *sem, unsigned long uaddr)
{
	int ret;

	if (uaddr & 3)
		return -EINVAL;
	ret = pin_user_pages_fast(uaddr & PAGE_MASK, 1, FOLL_WRITE | FOLL_LONGTERM, &sem->page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	sem->offset = offset_in_page(uaddr);
	return 0;
}

void fnc_sem_detach(struct fnc_sem *sem)
{
	if (!sem->page)
		return;
	unpin_user_page(sem->page);
	sem->page = NULL;
}
