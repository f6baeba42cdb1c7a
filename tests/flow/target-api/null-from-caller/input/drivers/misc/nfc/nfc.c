// SPDX-License-Identifier: GPL-2.0
/* A caller passes NULL pages: the helper's call then only faults in. */
#include <linux/mm.h>

static long nfc_fault(unsigned long uaddr, unsigned long n, struct page **pages)
{
	long got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (pages)
		for (i = 0; i < got; i++)
			put_page(pages[i]);
	return got;
}

static long nfc_prefault(unsigned long uaddr, unsigned long n)
{
	return nfc_fault(uaddr, n, NULL);
}
