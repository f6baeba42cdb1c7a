// Already converted: pin_user_pages_fast() + unpin_user_pages_dirty_lock().
static int umem_get(struct umem *umem, unsigned long addr, int npages)
{
	int pinned;

	pinned = pin_user_pages_fast(addr, npages, FOLL_WRITE | FOLL_LONGTERM,
				     umem->page_list);
	if (pinned < 0)
		return pinned;
	if (pinned != npages) {
		unpin_user_pages_dirty_lock(umem->page_list, pinned, false);
		return -EFAULT;
	}
	return 0;
}
