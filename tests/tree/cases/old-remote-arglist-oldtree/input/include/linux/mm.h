/* SPDX-License-Identifier: GPL-2.0 */
/* An old vendor tree (4.14): no pin API. */
long get_user_pages_remote(struct task_struct *tsk, struct mm_struct *mm,
			   unsigned long start, unsigned long nr_pages,
			   unsigned int gup_flags, struct page **pages,
			   struct vm_area_struct **vmas, int *locked);
