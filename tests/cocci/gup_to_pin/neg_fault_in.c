// No pages array: the call only faults the pages in (nothing to unpin).
static int prefault_range(struct mm_struct *mm, unsigned long addr)
{
	int locked = 1;
	long ret;

	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, NULL,
				    &locked);
	if (locked)
		mmap_read_unlock(mm);
	return ret < 0 ? ret : 0;
}
