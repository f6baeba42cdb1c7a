// SPDX-License-Identifier: GPL-2.0
/* A version ladder whose pages array is kept in the transfer mapping and
 * released by another function when the transfer ends; the map function
 * releases them itself only when it fails. */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct chan_map {
	struct page **pages;
	long nr;
	bool to_dev;
};

static struct chan_map *chan_map_user(unsigned long uaddr, long want, bool to_dev)
{
	struct chan_map *map;
	struct page **pages;
	long got, i;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	pages = kcalloc(want, sizeof(*pages), GFP_KERNEL);
	if (!map || !pages)
		goto fail;
	mmap_read_lock(current->mm);
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	got = get_user_pages(uaddr, want, !to_dev, 0, pages, NULL);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
	got = get_user_pages(uaddr, want, to_dev ? 0 : FOLL_WRITE, pages, NULL);
#else
	got = get_user_pages(uaddr, want, to_dev ? 0 : FOLL_WRITE, pages);
#endif
	mmap_read_unlock(current->mm);
	if (got != want) {
		for (i = 0; i < got; i++)
			put_page(pages[i]);
		goto fail;
	}
	map->pages = pages;
	map->nr = got;
	map->to_dev = to_dev;
	return map;
fail:
	kfree(pages);
	kfree(map);
	return NULL;
}

static void chan_unmap(struct chan_map *map)
{
	long i;

	for (i = 0; i < map->nr; i++) {
		if (!map->to_dev)
			set_page_dirty_lock(map->pages[i]);
		put_page(map->pages[i]);
	}
	kfree(map->pages);
	kfree(map);
}
