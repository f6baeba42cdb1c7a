// SPDX-License-Identifier: GPL-2.0
#include <linux/bio.h>
#include <linux/mm.h>

/* The completion of the bios blx_map_user_iov() builds. */
void xdio_end_io(struct bio *bio)
{
	bio_release_pages(bio, bio_data_dir(bio) == READ);
	bio_put(bio);
}

/* A page pinned for a bio but merged into the previous segment. */
void xdio_drop_page(struct page *page, bool pinned)
{
	if (pinned)
		unpin_user_page(page);
}
