// A driver written for 5.2-5.5: gup with the tsk/mm/vmas argument lists and
// the put_user_page*() release names of that time.
static long qux_pin_remote(struct task_struct *tsk, struct mm_struct *mm,
			   unsigned long start, unsigned long n,
			   struct page **pages, struct vm_area_struct **vmas)
{
	long got;
	int locked = 1;

	down_read(&mm->mmap_sem);
	got = get_user_pages_remote(tsk, mm, start, n, FOLL_WRITE, pages, vmas,
				    &locked);
	if (locked)
		up_read(&mm->mmap_sem);
	if (got <= 0)
		return got;
	qux_copy_from_pages(pages, got);
	put_user_pages_dirty_lock(pages, got, true);
	return 0;
}

static int qux_peek(unsigned long addr, u8 *out)
{
	struct page *page;
	void *va;

	if (get_user_pages(addr, 1, 0, &page, NULL) != 1)
		return -EFAULT;
	va = kmap_atomic(page);
	*out = *(u8 *)(va + offset_in_page(addr));
	kunmap_atomic(va);
	put_user_page(page);
	return 0;
}
