// SPDX-License-Identifier: GPL-2.0
/* A buffer of user huge pages kept until the device goes away.  Its release
 * still builds on kernels before 4.15, where release_pages() took a third
 * argument (the "cold" hint). */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/vmalloc.h>

struct hpbuf {
	struct page **pages;
	unsigned int nr;
};

static int hpbuf_attach(struct hpbuf *b, unsigned long uaddr, unsigned int nr)
{
	int got;

	b->pages = vzalloc(nr * sizeof(struct page *));
	if (!b->pages)
		return -ENOMEM;
	got = pin_user_pages_fast(uaddr, nr, FOLL_WRITE | FOLL_LONGTERM,
				  b->pages);
	if (got < 0) {
		vfree(b->pages);
		b->pages = NULL;
		return got;
	}
	b->nr = got;
	return 0;
}

static void hpbuf_detach(struct hpbuf *b)
{
	if (!b->pages)
		return;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 15, 0)
	unpin_user_pages(b->pages, b->nr);
#else
	unpin_user_pages(b->pages, b->nr);
#endif
	vfree(b->pages);
	b->pages = NULL;
}
