// SPDX-License-Identifier: GPL-2.0
/* The page is kept as a pfn in a map entry and released from it. */
#include <linux/mm.h>

struct vpm_map {
	unsigned long pfn;
	bool writable;
};

static int vpm_map_one(struct vpm_map *map, unsigned long uaddr)
{
	struct page *page;

	if (pin_user_pages_fast(uaddr, 1, FOLL_WRITE | FOLL_LONGTERM, &page) != 1)
		return -EFAULT;
	map->pfn = page_to_pfn(page);
	map->writable = true;
	return 0;
}

static void vpm_unmap_one(struct vpm_map *map)
{
	struct page *page = pfn_to_page(map->pfn);

	if (map->writable)
		set_page_dirty_lock(page);
	unpin_user_page(page);
}
