/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verbs context of the MR programs (mrtest, mrstress, mrwriteback): the
 * RDMA device, a protection domain, a local buffer and a loopback RC
 * connection of two QPs on the same port, to move data through an MR with
 * RDMA WRITE and RDMA READ; and the options and expectations the programs
 * share.
 */
#ifndef PINCONV_RDMA_H
#define PINCONV_RDMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <infiniband/verbs.h>

#include "util.h"

struct rdma {
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	struct ibv_qp *qp[2];
	union ibv_gid gid;
	int gid_index;
	enum ibv_mtu mtu;
	uint8_t *lbuf;	/* local anonymous buffer for WRITE source / READ sink */
	struct ibv_mr *lmr;
};

#define VERBS_USAGE	"[--expect stock|patched] [--dev NAME] [--gid-index N]"

extern const char *verbs_dev;		/* --dev, "rxe0" */
extern bool verbs_patched;		/* --expect patched */
extern int verbs_gid_index;		/* --gid-index, -1: the RoCEv2 one */

/* the options every MR program takes (VERBS_USAGE): OPT_INCLUDE() them */
extern const struct opt verbs_opts[];

/* the expected ibv_reg_mr() errno of (kind, writable) on this kernel */
int verbs_expected_errno(const char *kind, bool writable);
/* "patched" or "stock", for messages */
const char *verbs_kernel(void);
/* ibv_reg_mr() access flags of a writable or read-only MR */
int verbs_reg_access(bool writable);

struct kind_info;
/* why ibv_reg_mr() of memory kind @k failed with @err, and what to do */
const char *verbs_refusal_hint(const struct kind_info *k, int err);

struct ibv_context *verbs_open_dev(void);
/* the port's RoCEv2 IPv4-mapped GID index (and the GID), or -1 */
int verbs_find_gid_index(struct ibv_context *ctx, union ibv_gid *gid);

/* open the device, a PD and a registered local buffer of len bytes */
int rdma_open(struct rdma *r, size_t len);
void rdma_close(struct rdma *r, size_t len);
/* two RC QPs on the same port connected to each other */
int link_up(struct rdma *r);
void link_down(struct rdma *r);
/* RDMA WRITE (or READ) len bytes between r->lbuf and the MR; 0 on success */
int rdma_op(struct rdma *r, enum ibv_wr_opcode op, struct ibv_mr *mr,
	    size_t len);

#endif /* PINCONV_RDMA_H */
