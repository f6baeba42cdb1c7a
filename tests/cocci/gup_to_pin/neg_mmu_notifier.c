// drm-style userptr: the range is followed by an mmu_interval_notifier and
// the pages are dropped on invalidation (pin_user_pages.rst case 3): keep.
static const struct mmu_interval_notifier_ops gem_userptr_ops = {
	.invalidate = gem_userptr_invalidate,
};

static int gem_userptr_init(struct gem_obj *obj, unsigned long start)
{
	return mmu_interval_notifier_insert(&obj->notifier, current->mm, start,
					    obj->size, &gem_userptr_ops);
}

static int gem_userptr_get_pages(struct gem_obj *obj)
{
	long ret;

	ret = get_user_pages(obj->start, obj->npages, FOLL_WRITE, obj->pages, NULL);
	if (ret < 0)
		return ret;
	return 0;
}

static void gem_userptr_put_pages(struct gem_obj *obj)
{
	unsigned long i;

	for (i = 0; i < obj->npages; i++)
		put_page(obj->pages[i]);
}
