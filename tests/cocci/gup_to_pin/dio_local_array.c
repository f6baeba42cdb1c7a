// Short-term DMA into a local array, released in the same function
// (pin_user_pages.rst case 1); partial and negative counts on error paths.
static int foo_dma_xfer(struct foo_dev *fdev, unsigned long uaddr,
			size_t len, bool to_user)
{
	struct page **pages;
	int nr_pages = DIV_ROUND_UP(len + offset_in_page(uaddr), PAGE_SIZE);
	int pinned, i, ret;

	pages = kcalloc(nr_pages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;

	pinned = get_user_pages_fast(uaddr & PAGE_MASK, nr_pages,
				     to_user ? FOLL_WRITE : 0, pages);
	if (pinned < 0) {
		ret = pinned;
		goto out_free;
	}
	if (pinned != nr_pages) {
		ret = -EFAULT;
		goto out_put;
	}

	for (i = 0; i < nr_pages; i++)
		foo_sg_add(fdev, page_to_phys(pages[i]));
	ret = foo_run_dma(fdev);

out_put:
	for (i = 0; i < pinned; i++) {
		if (to_user)
			set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
out_free:
	kfree(pages);
	return ret;
}
