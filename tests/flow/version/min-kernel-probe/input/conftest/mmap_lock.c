// SPDX-License-Identifier: GPL-2.0
/* Compile test run by the Makefile (try-compile): does the kernel have
 * mmap_read_lock()?  It is never linked into the module; its #error is
 * its answer, not the driver's minimum. */
#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)
#error "no mmap_read_lock() before 5.8"
#else
#include <linux/mm.h>

void conftest_mmap_lock(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
}
#endif
