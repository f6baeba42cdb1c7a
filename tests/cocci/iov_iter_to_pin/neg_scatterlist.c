// SPDX-License-Identifier: GPL-2.0
/* Shaped like drivers/vhost/scsi.c: the pages move into a scatterlist and
 * are released through sg_page() in another function: no shape the rule
 * converts, so the site is left for a hand conversion. */
static int cmd_map_to_sgl(struct scsi_cmd *cmd, struct iov_iter *iter,
			  struct scatterlist *sgl)
{
	struct page **pages = cmd->upages;
	struct scatterlist *sg = sgl;
	unsigned int npages = 0;
	size_t offset;
	ssize_t bytes;

	bytes = iov_iter_get_pages2(iter, pages, LONG_MAX, 16, &offset);
	if (bytes <= 0)
		return bytes < 0 ? bytes : -EFAULT;
	while (bytes) {
		unsigned int n = min_t(unsigned int, PAGE_SIZE - offset, bytes);

		sg_set_page(sg++, pages[npages++], n, offset);
		bytes -= n;
		offset = 0;
	}
	return npages;
}

static void cmd_release(struct scsi_cmd *cmd)
{
	int i;

	for (i = 0; i < cmd->sgl_count; i++)
		put_page(sg_page(&cmd->sgl[i]));
}
