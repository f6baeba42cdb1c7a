// SPDX-License-Identifier: GPL-2.0
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "gbo.h"
#include <drm/drm_gem.h>

static struct sg_table *gbo_build_sgt(struct page **pages, unsigned long npages)
{
	struct sg_table *sgt;
	int ret;

	sgt = kmalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, pages, npages, 0,
					npages << PAGE_SHIFT, GFP_KERNEL);
	if (ret) {
		kfree(sgt);
		return ERR_PTR(ret);
	}
	return sgt;
}

int gbo_obj_populate(struct drm_gem_object *gem, struct gbo_obj *obj)
{
	obj->pages = drm_gem_get_pages(gem);
	if (IS_ERR(obj->pages))
		return PTR_ERR(obj->pages);
	obj->sgt = gbo_build_sgt(obj->pages, obj->npages);
	if (IS_ERR(obj->sgt)) {
		drm_gem_put_pages(gem, obj->pages, false, false);
		return PTR_ERR(obj->sgt);
	}
	return 0;
}

static void gbo_put_user_pages(struct page **pages, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		unpin_user_page(pages[i]);
}

int gbo_unmgd_init(struct gbo_unmgd *um, unsigned long uaddr, size_t size)
{
	int ret;

	um->npages = PAGE_ALIGN(size + offset_in_page(uaddr)) >> PAGE_SHIFT;
	um->pages = kvmalloc_array(um->npages, sizeof(*um->pages), GFP_KERNEL);
	if (!um->pages)
		return -ENOMEM;

	ret = pin_user_pages_fast(uaddr & PAGE_MASK, um->npages,
				  FOLL_WRITE | FOLL_LONGTERM, um->pages);
	if (ret != um->npages) {
		if (ret > 0)
			gbo_put_user_pages(um->pages, ret);
		kvfree(um->pages);
		um->pages = NULL;
		return ret < 0 ? ret : -EFAULT;
	}

	um->sgt = gbo_build_sgt(um->pages, um->npages);
	if (IS_ERR(um->sgt)) {
		ret = PTR_ERR(um->sgt);
		gbo_put_user_pages(um->pages, um->npages);
		kvfree(um->pages);
		um->pages = NULL;
		return ret;
	}
	return 0;
}

void gbo_unmgd_fini(struct gbo_unmgd *um)
{
	if (!um->pages)
		return;
	sg_free_table(um->sgt);
	kfree(um->sgt);
	gbo_put_user_pages(um->pages, um->npages);
	kvfree(um->pages);
	um->pages = NULL;
}
