// SPDX-License-Identifier: GPL-2.0
/* Negative: pin into obj->pages, unpin in the object's release function. */
#include <linux/mm.h>
#include <linux/slab.h>

struct umem {
	struct page **pages;
	unsigned long npages;
	bool writable;
};

static int umem_get(struct umem *obj, unsigned long uaddr)
{
	unsigned long done = 0;
	long ret;

	obj->pages = kvcalloc(obj->npages, sizeof(*obj->pages), GFP_KERNEL);
	if (!obj->pages)
		return -ENOMEM;
	mmap_read_lock(current->mm);
	while (done < obj->npages) {
		ret = pin_user_pages(uaddr + done * PAGE_SIZE, obj->npages - done,
				     FOLL_WRITE | FOLL_LONGTERM,
				     obj->pages + done, NULL);
		if (ret <= 0)
			break;
		done += ret;
	}
	mmap_read_unlock(current->mm);
	if (done != obj->npages) {
		unpin_user_pages(obj->pages, done);
		kvfree(obj->pages);
		return -EFAULT;
	}
	return 0;
}

static void umem_release(struct umem *obj)
{
	unpin_user_pages_dirty_lock(obj->pages, obj->npages, obj->writable);
	kvfree(obj->pages);
}
