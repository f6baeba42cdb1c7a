// One page, written through a kernel mapping and released in the same
// function (pin_user_pages.rst case 5).
static int baz_write_status(unsigned long uaddr, u32 status)
{
	struct page *page;
	void *va;
	int ret;

	ret = get_user_pages_fast(uaddr, 1, FOLL_WRITE, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;

	va = kmap_local_page(page);
	*(u32 *)(va + offset_in_page(uaddr)) = status;
	kunmap_local(va);

	set_page_dirty_lock(page);
	put_page(page);
	return 0;
}
