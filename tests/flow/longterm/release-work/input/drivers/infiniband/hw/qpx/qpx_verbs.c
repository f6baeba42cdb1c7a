// SPDX-License-Identifier: GPL-2.0
/* A queue pair maps one user page (its doorbell ring) at creation and keeps
 * it for its whole life.  It is released when the file is closed, and by
 * the deferred destroy of the queue pair, a work item named qpx_release_work
 * (a teardown, not the completion of an I/O). */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/fs.h>

struct qpx_qp {
	struct page *ring_page;
	struct work_struct destroy_work;
};

static void qpx_qp_deinit(struct qpx_qp *qp)
{
	if (qp->ring_page) {
		put_page(qp->ring_page);
		qp->ring_page = NULL;
	}
}

static void qpx_release_work(struct work_struct *work)
{
	struct qpx_qp *qp = container_of(work, struct qpx_qp, destroy_work);

	qpx_qp_deinit(qp);
	kfree(qp);
}

int qpx_create_qp(struct qpx_qp *qp, unsigned long ring_uaddr)
{
	int rc;

	INIT_WORK(&qp->destroy_work, qpx_release_work);
	rc = get_user_pages_fast(ring_uaddr, 1, FOLL_WRITE, &qp->ring_page);
	if (rc < 0)
		return rc;
	return 0;
}

static int qpx_file_release(struct inode *inode, struct file *filp)
{
	struct qpx_qp *qp = filp->private_data;

	if (qp->ring_page) {
		put_page(qp->ring_page);
		qp->ring_page = NULL;
	}
	schedule_work(&qp->destroy_work);
	return 0;
}
