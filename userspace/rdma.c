// SPDX-License-Identifier: GPL-2.0
/*
 * The verbs context of the MR programs (see rdma.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "memkind.h"
#include "util.h"
#include "rdma.h"

#define WC_TIMEOUT_MS	20000

const char *verbs_dev = "rxe0";
bool verbs_patched;
int verbs_gid_index = -1;

const struct opt verbs_opts[] = {
	OPT_CHOICE("expect", &verbs_patched, "stock", "patched"),
	OPT_STRING("dev", &verbs_dev),
	OPT_INT("gid-index", &verbs_gid_index, INT_MIN, INT_MAX),
	{ }
};

int verbs_expected_errno(const char *kind, bool writable)
{
	const struct expect_row *r = expect_find(kind, writable);

	if (!r)
		return -1;
	return verbs_patched ? r->patched : r->stock;
}

const char *verbs_kernel(void)
{
	return verbs_patched ? "patched" : "stock";
}

int verbs_reg_access(bool writable)
{
	/* REMOTE_READ in both, so the MR's content can be read back */
	if (writable)
		return IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE |
		       IBV_ACCESS_REMOTE_READ;
	return IBV_ACCESS_REMOTE_READ;
}

const char *verbs_refusal_hint(const struct kind_info *k, int err)
{
	if (err == EOPNOTSUPP && (!strcmp(k->name, "ext4dax") ||
				  !strcmp(k->name, "xfsdax")))
		return "fsdax pages cannot be pinned long-term (the filesystem could not move or truncate blocks under DMA); use devdax or ODP (IBV_ACCESS_ON_DEMAND)";
	if (err == EOPNOTSUPP)
		return "this kernel refuses writable long-term pins of page cache that needs writeback; register read-only or use anonymous/shmem/hugetlbfs memory";
	if (err == EFAULT && k->has_ro)
		return "this kernel's ib_umem_get() pins read-only MRs with FOLL_WRITE|FOLL_FORCE, which a read-only MAP_SHARED mapping refuses; map it PROT_READ|PROT_WRITE from an O_RDWR fd (or use a kernel without FOLL_FORCE in ib_umem_get())";
	if (err == ENOMEM)
		return "RLIMIT_MEMLOCK too small for the MR (ulimit -l) or out of memory";
	if (err == EFAULT)
		return "the mapping cannot be pinned (VM_IO/VM_PFNMAP or not mapped)";
	return "see dmesg";
}

int verbs_find_gid_index(struct ibv_context *ctx, union ibv_gid *gid)
{
	struct ibv_gid_entry ent;
	int i;

	/* the RoCEv2 IPv4-mapped GID sits near the start; reading all 1024 is slow */
	for (i = 0; i < 16; i++) {
		if (ibv_query_gid_ex(ctx, 1, i, &ent, 0))
			continue;
		if (ent.gid_type != IBV_GID_TYPE_ROCE_V2)
			continue;
		if (ent.gid.raw[10] != 0xff || ent.gid.raw[11] != 0xff)
			continue;
		if (gid)
			*gid = ent.gid;
		return i;
	}
	return -1;
}

struct ibv_context *verbs_open_dev(void)
{
	struct ibv_device **list;
	struct ibv_context *ctx = NULL;
	int i, n;

	list = ibv_get_device_list(&n);
	if (!list)
		return NULL;
	for (i = 0; i < n; i++)
		if (!strcmp(ibv_get_device_name(list[i]), verbs_dev))
			ctx = ibv_open_device(list[i]);
	ibv_free_device_list(list);
	return ctx;
}

int rdma_open(struct rdma *r, size_t len)
{
	struct ibv_port_attr pa;

	memset(r, 0, sizeof(*r));
	r->ctx = verbs_open_dev();
	if (!r->ctx) {
		ksft_print_msg("cannot open RDMA device %s\n", verbs_dev);
		return -1;
	}
	if (ibv_query_port(r->ctx, 1, &pa))
		return -1;
	r->mtu = pa.active_mtu;
	if (verbs_gid_index >= 0) {
		r->gid_index = verbs_gid_index;
		if (ibv_query_gid(r->ctx, 1, r->gid_index, &r->gid))
			return -1;
	} else {
		r->gid_index = verbs_find_gid_index(r->ctx, &r->gid);
		if (r->gid_index < 0) {
			ksft_print_msg("%s: no RoCEv2 IPv4 GID (netdev without IPv4 address?)\n",
				       verbs_dev);
			return -1;
		}
	}
	r->pd = ibv_alloc_pd(r->ctx);
	if (!r->pd)
		return -1;
	r->lbuf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r->lbuf == MAP_FAILED)
		return -1;
	r->lmr = ibv_reg_mr(r->pd, r->lbuf, len, IBV_ACCESS_LOCAL_WRITE);
	if (!r->lmr) {
		ksft_print_msg("registering the local anonymous buffer: %s\n",
			       strerror(errno));
		return -1;
	}
	return 0;
}

void rdma_close(struct rdma *r, size_t len)
{
	if (r->lmr)
		ibv_dereg_mr(r->lmr);
	if (r->lbuf && r->lbuf != MAP_FAILED)
		munmap(r->lbuf, len);
	if (r->pd)
		ibv_dealloc_pd(r->pd);
	if (r->ctx)
		ibv_close_device(r->ctx);
}

void link_down(struct rdma *r)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (r->qp[i])
			ibv_destroy_qp(r->qp[i]);
		r->qp[i] = NULL;
	}
	if (r->cq)
		ibv_destroy_cq(r->cq);
	r->cq = NULL;
}

int link_up(struct rdma *r)
{
	struct ibv_qp_init_attr ia = { 0 };
	struct ibv_qp_attr a;
	int i;

	r->cq = ibv_create_cq(r->ctx, 16, NULL, NULL, 0);
	if (!r->cq)
		return -1;
	ia.send_cq = r->cq;
	ia.recv_cq = r->cq;
	ia.qp_type = IBV_QPT_RC;
	ia.cap.max_send_wr = 8;
	ia.cap.max_recv_wr = 8;
	ia.cap.max_send_sge = 1;
	ia.cap.max_recv_sge = 1;
	for (i = 0; i < 2; i++) {
		r->qp[i] = ibv_create_qp(r->pd, &ia);
		if (!r->qp[i])
			goto err;
	}
	for (i = 0; i < 2; i++) {
		memset(&a, 0, sizeof(a));
		a.qp_state = IBV_QPS_INIT;
		a.port_num = 1;
		a.qp_access_flags = IBV_ACCESS_REMOTE_WRITE |
				    IBV_ACCESS_REMOTE_READ;
		if (ibv_modify_qp(r->qp[i], &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
				  IBV_QP_PORT | IBV_QP_ACCESS_FLAGS))
			goto err;

		memset(&a, 0, sizeof(a));
		a.qp_state = IBV_QPS_RTR;
		a.path_mtu = r->mtu;
		a.dest_qp_num = r->qp[1 - i]->qp_num;
		a.rq_psn = 100;
		a.max_dest_rd_atomic = 4;
		a.min_rnr_timer = 12;
		a.ah_attr.is_global = 1;
		a.ah_attr.grh.dgid = r->gid;
		a.ah_attr.grh.sgid_index = r->gid_index;
		a.ah_attr.grh.hop_limit = 1;
		a.ah_attr.port_num = 1;
		if (ibv_modify_qp(r->qp[i], &a, IBV_QP_STATE | IBV_QP_AV |
				  IBV_QP_PATH_MTU | IBV_QP_DEST_QPN |
				  IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC |
				  IBV_QP_MIN_RNR_TIMER))
			goto err;

		memset(&a, 0, sizeof(a));
		a.qp_state = IBV_QPS_RTS;
		a.timeout = 14;
		a.retry_cnt = 7;
		a.rnr_retry = 7;
		a.sq_psn = 100;
		a.max_rd_atomic = 4;
		if (ibv_modify_qp(r->qp[i], &a, IBV_QP_STATE | IBV_QP_TIMEOUT |
				  IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY |
				  IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC))
			goto err;
	}
	return 0;
err:
	ksft_print_msg("setting up the loopback RC connection: %s\n", strerror(errno));
	link_down(r);
	return -1;
}

int rdma_op(struct rdma *r, enum ibv_wr_opcode op, struct ibv_mr *mr,
		   size_t len)
{
	struct ibv_sge sge = {
		.addr = (uintptr_t)r->lbuf,
		.length = (uint32_t)len,
		.lkey = r->lmr->lkey,
	};
	struct ibv_send_wr wr = { 0 }, *bad;
	struct ibv_wc wc;
	long t0;
	int n;

	wr.wr_id = 1;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = op;
	wr.send_flags = IBV_SEND_SIGNALED;
	wr.wr.rdma.remote_addr = (uintptr_t)mr->addr;
	wr.wr.rdma.rkey = mr->rkey;
	if (ibv_post_send(r->qp[0], &wr, &bad)) {
		ksft_print_msg("ibv_post_send: %s\n", strerror(errno));
		return -1;
	}
	t0 = now_ms();
	for (;;) {
		n = ibv_poll_cq(r->cq, 1, &wc);
		if (n < 0)
			return -1;
		if (n == 1)
			break;
		if (now_ms() - t0 > WC_TIMEOUT_MS) {
			ksft_print_msg("no completion after %d ms\n", WC_TIMEOUT_MS);
			return -1;
		}
	}
	if (wc.status != IBV_WC_SUCCESS) {
		ksft_print_msg("completion status: %s\n", ibv_wc_status_str(wc.status));
		return -1;
	}
	return 0;
}
