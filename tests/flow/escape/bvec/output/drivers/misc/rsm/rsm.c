// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>

static void rsm_unmap(struct rsm_ubuf *imu)
{
	unsigned int i;

	for (i = 0; i < imu->nr_bvecs; i++)
		unpin_user_page(imu->bvec[i].bv_page);
	kvfree(imu);
}

static int rsm_register(unsigned long ubuf, int nr_pages, struct page **pages,
			struct rsm_ubuf **pimu)
{
	struct rsm_ubuf *imu;
	int pret, i;

	pret = pin_user_pages(ubuf, nr_pages, FOLL_WRITE | FOLL_LONGTERM,
			      pages, NULL);
	if (pret != nr_pages) {
		for (i = 0; i < pret; i++)
			unpin_user_page(pages[i]);
		return -EFAULT;
	}
	imu = kvmalloc(struct_size(imu, bvec, nr_pages), GFP_KERNEL);
	if (!imu)
		return -ENOMEM;		/* pages stay held */
	for (i = 0; i < nr_pages; i++)
		imu->bvec[i].bv_page = pages[i];
	imu->nr_bvecs = nr_pages;
	*pimu = imu;
	return 0;
}
