// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static void tfx_put_kernel_pages(struct page **pages, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

static int tfx_register(struct tfx_shm *shm, unsigned long start, int n, int user)
{
	int rc;

	if (user)
		rc = pin_user_pages_fast(start, n, FOLL_WRITE | FOLL_LONGTERM, shm->pages);
	else
		rc = get_user_pages_fast(start, n, 0, shm->pages);
	if (rc != n)
		goto err;
	return 0;
err:
	if (rc > 0) {
		if (user)
			unpin_user_pages(shm->pages, rc);
		else
			tfx_put_kernel_pages(shm->pages, rc);
	}
	return -EFAULT;
}
