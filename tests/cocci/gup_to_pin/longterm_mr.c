// An MR-like object keeps its pages until the release ioctl: long-term DMA
// (pin_user_pages.rst case 2). Explicit FOLL_GET must go, FOLL_FORCE stays.
struct bar_mr {
	struct list_head list;
	struct page **page_list;
	unsigned long npages;
	bool writable;
};

static int bar_reg_mr(struct bar_dev *dev, struct bar_mr *mr, u64 start)
{
	long ret;
	unsigned int flags = FOLL_GET | FOLL_FORCE;

	if (mr->writable)
		flags |= FOLL_WRITE;

	mmap_read_lock(current->mm);
	ret = get_user_pages(start, mr->npages, FOLL_GET | FOLL_FORCE | FOLL_WRITE,
			     mr->page_list, NULL);
	mmap_read_unlock(current->mm);
	if (ret < 0)
		return ret;
	if (ret != mr->npages) {
		mr->npages = ret;
		goto err_put;
	}
	ret = dma_map_sg(dev->dma_dev, mr->sgl, mr->npages, DMA_BIDIRECTIONAL);
	if (!ret)
		goto err_put;
	list_add(&mr->list, &dev->mrs);
	return 0;

err_put:
	release_pages(mr->page_list, mr->npages);
	return -EFAULT;
}

static void bar_dereg_mr(struct bar_mr *mr)
{
	unsigned long i;

	list_del(&mr->list);
	for (i = 0; i < mr->npages; i++) {
		if (mr->writable)
			SetPageDirty(mr->page_list[i]);
		put_page(mr->page_list[i]);
	}
	kfree(mr->page_list);
}
