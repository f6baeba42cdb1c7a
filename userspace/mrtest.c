// SPDX-License-Identifier: GPL-2.0
/*
 * mrtest - what does the running kernel do with long-term pins taken by
 * ibv_reg_mr() on each kind of memory?
 *
 * For every CASE on the command line it registers a memory region, compares
 * the outcome with the expectation table below, checks the FOLL_PIN
 * accounting in /proc/vmstat, moves data through the MR with RDMA WRITE and
 * RDMA READ over a loopback RC connection on the same device, and checks
 * that the pins are released by ibv_dereg_mr() and by SIGKILL.
 * Output is TAP (kselftest style).
 *
 *   mrtest [--expect stock|patched] [--dev rxe0] [--size BYTES]
 *          [--gid-index N] CASE...
 *   mrtest [--dev rxe0] --print-gid-index
 *   mrtest [--dev rxe0] [--iters N] [--pressure-mb N] stress:DIR
 *   mrtest [--expect stock|patched] [--dev rxe0] writeback:FS:DIR
 *
 * CASE: anon, shmem, hugetlb, memlock, ext4:DIR, xfs:DIR, ext4dax:DIR,
 * xfsdax:DIR, devdax:/dev/daxX.Y
 *
 * writeback:FS:DIR (FS is a label, ext4 or xfs) checks what writeback does
 * with page cache under a read-only long-term pin and under direct I/O; it
 * needs root (/proc/kpageflags, drop_caches, the block device).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <infiniband/verbs.h>

#include "memkind.h"
#include "util.h"

#define WC_TIMEOUT_MS	20000

static const char *opt_dev = "rxe0";
static bool opt_patched;
static size_t opt_size = 4UL << 20;
static int opt_gid_index = -1;
static int opt_iters = 3;
static int opt_pressure_mb = 128;

static int expected_errno(const char *kind, bool writable)
{
	const struct expect_row *r = expect_find(kind, writable);

	if (!r)
		return -1;
	return opt_patched ? r->patched : r->stock;
}

/* ---- verbs: device, loopback RC connection ---- */

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

static int find_gid_index(struct ibv_context *ctx, union ibv_gid *gid)
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

static struct ibv_context *open_dev(void)
{
	struct ibv_device **list;
	struct ibv_context *ctx = NULL;
	int i, n;

	list = ibv_get_device_list(&n);
	if (!list)
		return NULL;
	for (i = 0; i < n; i++)
		if (!strcmp(ibv_get_device_name(list[i]), opt_dev))
			ctx = ibv_open_device(list[i]);
	ibv_free_device_list(list);
	return ctx;
}

static int rdma_open(struct rdma *r, size_t len)
{
	struct ibv_port_attr pa;

	memset(r, 0, sizeof(*r));
	r->ctx = open_dev();
	if (!r->ctx) {
		diag("cannot open RDMA device %s", opt_dev);
		return -1;
	}
	if (ibv_query_port(r->ctx, 1, &pa))
		return -1;
	r->mtu = pa.active_mtu;
	if (opt_gid_index >= 0) {
		r->gid_index = opt_gid_index;
		if (ibv_query_gid(r->ctx, 1, r->gid_index, &r->gid))
			return -1;
	} else {
		r->gid_index = find_gid_index(r->ctx, &r->gid);
		if (r->gid_index < 0) {
			diag("%s: no RoCEv2 IPv4 GID (netdev without IPv4 address?)",
			     opt_dev);
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
		diag("registering the local anonymous buffer: %s",
		     strerror(errno));
		return -1;
	}
	return 0;
}

static void rdma_close(struct rdma *r, size_t len)
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

static void link_down(struct rdma *r)
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

/* two RC QPs on the same port connected to each other */
static int link_up(struct rdma *r)
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
	diag("setting up the loopback RC connection: %s", strerror(errno));
	link_down(r);
	return -1;
}

/* RDMA WRITE (or READ) len bytes between r->lbuf and the remote MR; 0 on success */
static int rdma_op(struct rdma *r, enum ibv_wr_opcode op, struct ibv_mr *mr,
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
		diag("ibv_post_send: %s", strerror(errno));
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
			diag("no completion after %d ms", WC_TIMEOUT_MS);
			return -1;
		}
	}
	if (wc.status != IBV_WC_SUCCESS) {
		diag("completion status: %s", ibv_wc_status_str(wc.status));
		return -1;
	}
	return 0;
}

/* ---- one registration case ---- */

static int reg_access(bool writable)
{
	/* REMOTE_READ in both, so the MR's content can be read back */
	if (writable)
		return IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE |
		       IBV_ACCESS_REMOTE_READ;
	return IBV_ACCESS_REMOTE_READ;
}

static const char *refusal_hint(const struct kind_info *k, int err)
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

/* page cache that writeback writes to a disk (not shmem, not fsdax) */
static bool is_pagecache_kind(const struct kind_info *k)
{
	return k->type == MEM_FILE && !strstr(k->name, "dax");
}

/*
 * The patched kernel logs a rate-limited line naming the task and the file
 * system when it refuses a writable long-term pin of page cache:
 *   gup: mrtest[123]: writable long-term pin of a ext4 file mapping refused: ...
 * Look for ours among the records logged since @km was opened.
 */
static void check_refusal_logged(struct kmsg *km, const char *tag,
				 const char *fs)
{
	char want[160], comm[64] = "mrtest", line[1024];

	read_line("/proc/self/comm", comm, sizeof(comm));
	snprintf(want, sizeof(want),
		 "gup: %s[%d]: writable long-term pin of a %s file mapping refused",
		 comm, getpid(), fs);
	if (km->fd < 0) {
		tap_result(false, "%s: kernel log explains the refusal (cannot open /dev/kmsg)",
			   tag);
		return;
	}
	while (kmsg_next(km, line, sizeof(line))) {
		if (strstr(line, want)) {
			tap_result(true, "%s: kernel log explains the refusal: %.200s",
				   tag, line);
			return;
		}
	}
	tap_result(false, "%s: kernel log explains the refusal (no \"%s\" logged)",
		   tag, want);
}

/* child side of the SIGKILL check: register, report, wait to be killed */
static void kill_child(struct mem *m, const char *arg, int wfd)
{
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_mr *mr;
	char c = 'x';

	if (mem_setup(m, arg, false) == 0) {
		ctx = open_dev();
		pd = ctx ? ibv_alloc_pd(ctx) : NULL;
		mr = pd ? ibv_reg_mr(pd, m->addr, m->len,
				     reg_access(m->writable)) : NULL;
		if (mr)
			c = 'r';
	}
	if (write(wfd, &c, 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static void case_sigkill(struct mem *m, const char *arg, const char *tag,
			 long want)
{
	long base, held, after;
	int p[2], status;
	pid_t pid;
	char c = 0;

	base = pins_outstanding();
	if (pipe(p))
		return;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		kill_child(m, arg, p[1]);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1)
		c = 0;
	close(p[0]);
	held = pins_outstanding() - base;
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	after = pins_wait_for(base) - base;
	if (c != 'r') {
		tap_result(false, "%s: child registration for SIGKILL check", tag);
		return;
	}
	tap_result(held == want && after == 0,
		   "%s: pins released after SIGKILL of the registering process (held +%ld, want +%ld; after kill %+ld)",
		   tag, held, want, after);
}

static void run_case(const struct kind_info *k, const char *arg, bool writable,
		     size_t len)
{
	struct mem m = { .kind = k, .writable = writable, .len = len };
	int want = expected_errno(k->name, writable), got;
	long base, held, after, npages = len / PAGE_SZ;
	long want_pins = npages * k->pin_per_page;
	struct ibv_mr *mr;
	struct kmsg km;
	struct rdma r;
	char tag[128];
	size_t bad, first = 0;

	snprintf(tag, sizeof(tag), "%s %s", k->name, writable ? "rw" : "ro");
	if (mem_setup(&m, arg, true)) {
		if (m.fatal)
			tap_result(false, "%s: %s", tag, m.why);
		else
			tap_skip(tag, m.why);
		mem_close(&m);
		return;
	}
	if (rdma_open(&r, len)) {
		tap_result(false, "%s: open %s and register a local buffer", tag,
			   opt_dev);
		rdma_close(&r, len);
		mem_close(&m);
		return;
	}

	if (kmsg_open(&km, false))
		km.fd = -1;
	base = pins_outstanding();
	mr = ibv_reg_mr(r.pd, m.addr, len, reg_access(writable));
	got = mr ? 0 : errno;
	held = pins_outstanding() - base;
	if (got == EOPNOTSUPP && is_pagecache_kind(k))
		diag("ibv_reg_mr: EOPNOTSUPP: %s", refusal_hint(k, got));
	else if (got)
		diag("%s: long-term pin refused (%s); %s", k->label,
		     strerror(got), refusal_hint(k, got));
	tap_result(got == want,
		   "%s: ibv_reg_mr %zu KiB %s (expected on %s kernel: %s)",
		   tag, len >> 10, got ? strerror(got) : "registered",
		   opt_patched ? "patched" : "stock",
		   want ? strerror(want) : "registered");
	if (got == EOPNOTSUPP && writable && is_pagecache_kind(k))
		check_refusal_logged(&km, tag, k->name);
	kmsg_close(&km);
	if (!mr) {
		tap_result(held == 0,
			   "%s: no pins left behind by the refused registration (%+ld)",
			   tag, held);
		goto out;
	}
	tap_result(held == want_pins,
		   "%s: nr_foll_pin outstanding +%ld while registered (want +%ld = %ld pages x %d)",
		   tag, held, want_pins, npages, k->pin_per_page);

	if (link_up(&r)) {
		tap_result(false, "%s: RDMA loopback connection", tag);
	} else if (writable) {
		bool ok;

		fill(r.lbuf, len, 0xc3);
		ok = !rdma_op(&r, IBV_WR_RDMA_WRITE, mr, len);
		memset(r.lbuf, 0, len);
		ok = ok && !rdma_op(&r, IBV_WR_RDMA_READ, mr, len);
		bad = ok ? check(r.lbuf, len, 0xc3, &first) : len;
		tap_result(ok && !bad,
			   "%s: RDMA WRITE pattern, RDMA READ it back (%zu bad bytes)",
			   tag, bad);
		bad = check(m.addr, len, 0xc3, &first);
		tap_result(!bad, "%s: CPU sees the RDMA-written pattern in the mapping (%zu bad bytes, first at %zu)",
			   tag, bad, first);
	} else {
		bool ok;

		memset(r.lbuf, 0, len);
		ok = !rdma_op(&r, IBV_WR_RDMA_READ, mr, len);
		bad = ok ? check(r.lbuf, len, 0x5a, &first) : len;
		tap_result(ok && !bad,
			   "%s: RDMA READ returns the file content (%zu bad bytes)",
			   tag, bad);
	}
	link_down(&r);

	if (ibv_dereg_mr(mr))
		diag("ibv_dereg_mr: %s", strerror(errno));
	after = pins_wait_for(base) - base;
	tap_result(after == 0, "%s: pins released by ibv_dereg_mr (%+ld)", tag,
		   after);

	if (writable && (k->type == MEM_FILE || k->type == MEM_SHMEM)) {
		uint8_t *buf = malloc(len);
		ssize_t n;

		mem_unmap(&m);	/* msync(MS_SYNC) + munmap */
		n = buf ? pread(m.fd, buf, len, 0) : -1;
		bad = n == (ssize_t)len ? check(buf, len, 0xc3, &first) : len;
		tap_result(!bad,
			   "%s: read() after msync+munmap returns the RDMA data (%zu bad bytes, first at %zu)",
			   tag, bad, first);
		free(buf);
	}
	case_sigkill(&m, arg, tag, want_pins);
out:
	rdma_close(&r, len);
	mem_close(&m);
}

/* ---- RLIMIT_MEMLOCK as an unprivileged user ---- */

static int memlock_child(size_t small, size_t big)
{
	struct rlimit rl = { 64 << 10, 64 << 10 };
	struct ibv_context *ctx;
	struct ibv_mr *mr;
	struct ibv_pd *pd;
	uint8_t *p;
	int ret = 0;

	if (setrlimit(RLIMIT_MEMLOCK, &rl) || setgroups(0, NULL) ||
	    setgid(65534) || setuid(65534))
		return 10;
	ctx = open_dev();
	if (!ctx)
		return 11;
	pd = ibv_alloc_pd(ctx);
	p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (!pd || p == MAP_FAILED)
		return 12;
	memset(p, 1, big);
	mr = ibv_reg_mr(pd, p, small, IBV_ACCESS_LOCAL_WRITE);
	if (!mr)
		ret |= 1;
	else
		ibv_dereg_mr(mr);
	mr = ibv_reg_mr(pd, p, big, IBV_ACCESS_LOCAL_WRITE);
	if (mr) {
		ret |= 2;
		ibv_dereg_mr(mr);
	} else if (errno != ENOMEM) {
		ret |= 4;
	} else {
		printf("# uid 65534, RLIMIT_MEMLOCK 64 KiB: ibv_reg_mr of %zu KiB refused: %s; %s\n",
		       big >> 10, strerror(errno), refusal_hint(&kinds[0], ENOMEM));
	}
	fflush(stdout);
	return ret;
}

static void run_memlock(void)
{
	size_t small = 32 << 10, big = 4 << 20;
	long base = pins_outstanding(), after;
	int status = 0;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(memlock_child(small, big));
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
		tap_result(false, "memlock: child did not finish");
		return;
	}
	status = WEXITSTATUS(status);
	if (status >= 10) {
		tap_result(false, "memlock: setting up the unprivileged child (step %d)",
			   status);
		return;
	}
	tap_result(!(status & 1),
		   "memlock: uid 65534 with RLIMIT_MEMLOCK 64 KiB registers a %zu KiB MR",
		   small >> 10);
	tap_result(!(status & 6),
		   "memlock: uid 65534 with RLIMIT_MEMLOCK 64 KiB gets ENOMEM for a %zu KiB MR%s",
		   big >> 10, status & 2 ? " (was registered)" :
		   status & 4 ? " (other error)" : "");
	after = pins_wait_for(base) - base;
	tap_result(after == 0, "memlock: pins balanced (%+ld)", after);
}

/* ---- stress: truncate, punch, sync, drop caches under a live pin ---- */

struct writer {
	struct rdma *r;
	struct ibv_mr *mr;
	size_t len;
	bool stop;	/* accessed with __atomic builtins */
	long writes;
	int errors;
};

static void *writer_fn(void *arg)
{
	struct writer *w = arg;

	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		if (rdma_op(w->r, IBV_WR_RDMA_WRITE, w->mr, w->len)) {
			w->errors++;
			break;
		}
		w->writes++;
	}
	return NULL;
}

static void drop_clean_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, "3\n", 2) != 2)
		diag("writing drop_caches: %s", strerror(errno));
	close(fd);
}

static void memory_pressure(size_t mb)
{
	size_t len = mb << 20, i;
	pid_t pid;
	char *p;

	pid = fork();
	if (pid == 0) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		for (i = 0; i < len; i += PAGE_SZ)
			p[i] = 1;
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static void run_stress(const char *dir, size_t len)
{
	const struct kind_info *k = find_kind("ext4");
	struct mem m = { .kind = k, .writable = true, .len = len };
	struct writer w = { 0 };
	long base, after;
	struct ibv_mr *mr;
	pthread_t th;
	struct rdma r;
	int i, ops = 0, err, want_err;
	size_t zero = 0, same = 0, want = 0, j, bad, first;
	uint8_t *buf;
	ssize_t n;

	if (mem_setup(&m, dir, true)) {
		tap_skip("stress", m.why);
		return;
	}
	if (rdma_open(&r, len) || link_up(&r)) {
		tap_result(false, "stress: RDMA setup on %s", opt_dev);
		return;
	}
	base = pins_outstanding();
	mr = ibv_reg_mr(r.pd, m.addr, len, reg_access(true));
	err = mr ? 0 : errno;
	want_err = expected_errno("ext4", true);
	if (err != want_err) {
		tap_result(false, "stress: ibv_reg_mr on ext4: %s (expected on %s kernel: %s)",
			   err ? strerror(err) : "registered",
			   opt_patched ? "patched" : "stock",
			   want_err ? strerror(want_err) : "registered");
		if (mr)
			ibv_dereg_mr(mr);
		goto out;
	}
	if (!mr) {
		/* the patched kernel: nothing can write through a pin here */
		tap_result(pins_wait_for(base) == base,
			   "stress: writable ext4 MR refused as expected (%s), no pins left behind",
			   strerror(err));
		tap_skip("stress: truncate/punch-hole/writeback under a live writable ext4 pin",
			 "this kernel refuses writable long-term pins of ext4 page cache, so the scenario cannot arise");
		goto out;
	}
	fill(r.lbuf, len, 0x77);
	w.r = &r;
	w.mr = mr;
	w.len = len;
	if (pthread_create(&th, NULL, writer_fn, &w)) {
		tap_result(false, "stress: writer thread");
		return;
	}
	/* phase 1: writeback and reclaim only; the pinned pages stay in the file */
	for (i = 0; i < opt_iters; i++) {
		sync();
		drop_clean_caches();
		memory_pressure(opt_pressure_mb);
	}
	buf = malloc(len);
	n = buf ? pread(m.fd, buf, len, 0) : -1;
	bad = n == (ssize_t)len ? check(buf, len, 0x77, &first) : len;
	tap_result(!bad && w.writes > 0,
		   "stress: after %d rounds of sync/drop_caches/pressure under %ld RDMA WRITEs, read() sees the RDMA data (%zu bad bytes)",
		   opt_iters, w.writes, bad);
	free(buf);

	/* phase 2: truncate and punch holes under the live pin */
	for (i = 0; i < opt_iters; i++) {
		ops += !ftruncate(m.fd, 0);
		ops += !ftruncate(m.fd, len);
		ops += !fallocate(m.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				  len / 4, len / 4);
		sync();
		drop_clean_caches();
		memory_pressure(opt_pressure_mb);
		ops += 3;
	}
	__atomic_store_n(&w.stop, true, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	tap_result(w.errors == 0 && ops == opt_iters * 6,
		   "stress: %d iterations of truncate/punch-hole/sync/drop_caches/%d MiB pressure under %ld RDMA WRITEs of a live ext4 MR (%d failed ops, %d RDMA errors)",
		   opt_iters, opt_pressure_mb, w.writes, opt_iters * 6 - ops,
		   w.errors);

	/* one last write after all that, then see what the file holds */
	fill(r.lbuf, len, 0x99);
	if (rdma_op(&r, IBV_WR_RDMA_WRITE, mr, len))
		diag("final RDMA WRITE failed");
	link_down(&r);
	ibv_dereg_mr(mr);
	after = pins_wait_for(base) - base;
	tap_result(after == 0, "stress: pins balanced after deregistration (%+ld)",
		   after);
	mem_unmap(&m);
	buf = malloc(len);
	n = buf ? pread(m.fd, buf, len, 0) : -1;
	if (n == (ssize_t)len) {
		/* count only bytes where the RDMA data is not zero itself */
		for (j = 0; j < len; j++) {
			zero += !buf[j];
			same += buf[j] && buf[j] == pattern(0x99, j);
			want += !!pattern(0x99, j);
		}
		diag("after truncate under a live pin the file holds %zu of %zu non-zero bytes of the last RDMA WRITE and %zu zero bytes of %zu: the MR still points at the pages truncated out of the file",
		     same, want, zero, len);
	}
	free(buf);
	tap_result(true, "stress: clean exit");
out:
	link_down(&r);
	rdma_close(&r, len);
	mem_close(&m);
}

/* ---- writeback vs pinned page cache ---- */

/*
 * A read-only MR (IBV_ACCESS_REMOTE_READ) over a MAP_SHARED PROT_READ|PROT_WRITE
 * file mapping is a real FOLL_PIN long-term pin on stock 6.1 (FOLL_WRITE |
 * FOLL_FORCE) and on the patched kernel (no FOLL_WRITE), and the CPU may
 * still write the file through its mapping.  The patched kernel's writeback
 * skips pinned folios in background (WB_SYNC_NONE) writeback and, in
 * integrity (WB_SYNC_ALL) writeback, writes them but leaves them dirty.
 *
 * What the disk holds is read from the file's blocks on its block device
 * with O_DIRECT (found with FIEMAP): an O_DIRECT read of the file itself
 * would first write back its dirty page cache, and so could not tell
 * whether fsync() or background writeback did.
 */
#define WB_PAGES		64
#define WB_ROUNDS		4
#define WB_SEED0		0x10
#define WB_SEED1		0x11
#define WB_SEED_ROUND		0x20
#define KPF_LOCKED		0
#define KPF_DIRTY		4
#define KPF_WRITEBACK		8
#define KPF_COMPOUND_TAIL	16
#define PM_PRESENT		(1ULL << 63)
#define PM_PFN_MASK		((1ULL << 55) - 1)

struct disk_map {
	int bdev;		/* the file's block device, O_RDONLY | O_DIRECT */
	char name[64];
	int n;
	struct {
		uint64_t logical, physical, length;
	} ext[32];
};

static int open_bdev(struct disk_map *d, dev_t dev, char *why, size_t wlen)
{
	char path[128], line[256], name[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent",
		 major(dev), minor(dev));
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "DEVNAME=%63s", name) == 1)
			break;
	if (f)
		fclose(f);
	if (!name[0]) {
		snprintf(why, wlen, "no DEVNAME in %s", path);
		return -1;
	}
	snprintf(d->name, sizeof(d->name), "/dev/%s", name);
	d->bdev = open(d->name, O_RDONLY | O_DIRECT);
	if (d->bdev < 0 && errno == ENOENT) {
		/* no devtmpfs node: make a private one */
		snprintf(path, sizeof(path), "/tmp/mrtest-bdev-%d", getpid());
		if (!mknod(path, S_IFBLK | 0600, dev)) {
			d->bdev = open(path, O_RDONLY | O_DIRECT);
			unlink(path);
		}
	}
	if (d->bdev < 0) {
		snprintf(why, wlen, "open %s: %s", d->name, strerror(errno));
		return -1;
	}
	return 0;
}

/* map [0, len) of the file to its blocks; every byte must be written data */
static int disk_map_setup(struct disk_map *d, int fd, size_t len, char *why,
			  size_t wlen)
{
	const uint32_t unusual = FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC |
		FIEMAP_EXTENT_ENCODED | FIEMAP_EXTENT_DATA_ENCRYPTED |
		FIEMAP_EXTENT_NOT_ALIGNED | FIEMAP_EXTENT_DATA_INLINE |
		FIEMAP_EXTENT_DATA_TAIL | FIEMAP_EXTENT_UNWRITTEN;
	size_t sz = sizeof(struct fiemap) +
		    ARRAY_SIZE(d->ext) * sizeof(struct fiemap_extent);
	struct fiemap *fm = calloc(1, sz);
	uint64_t covered = 0;
	struct stat st;
	uint32_t i;
	int ret = -1;

	d->bdev = -1;
	if (!fm || fstat(fd, &st) || open_bdev(d, st.st_dev, why, wlen))
		goto out;
	fm->fm_length = len;
	fm->fm_extent_count = ARRAY_SIZE(d->ext);
	if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
		snprintf(why, wlen, "FS_IOC_FIEMAP: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < fm->fm_mapped_extents; i++) {
		struct fiemap_extent *e = &fm->fm_extents[i];

		if (e->fe_logical != covered || (e->fe_flags & unusual)) {
			snprintf(why, wlen, "extent %u at %llu (flags 0x%x) is not plain written data",
				 i, (unsigned long long)e->fe_logical,
				 e->fe_flags);
			goto out;
		}
		d->ext[i].logical = e->fe_logical;
		d->ext[i].physical = e->fe_physical;
		d->ext[i].length = e->fe_length;
		covered += e->fe_length;
	}
	d->n = fm->fm_mapped_extents;
	if (covered < len) {
		snprintf(why, wlen, "FIEMAP maps only %llu of %zu bytes",
			 (unsigned long long)covered, len);
		goto out;
	}
	ret = 0;
out:
	free(fm);
	return ret;
}

/* what the disk holds for [0, len) of the file; buf must be page aligned */
static int disk_read(struct disk_map *d, uint8_t *buf, size_t len)
{
	size_t n;
	int i;

	for (i = 0; i < d->n && d->ext[i].logical < len; i++) {
		n = d->ext[i].length;
		if (n > len - d->ext[i].logical)
			n = len - d->ext[i].logical;
		if (pread(d->bdev, buf + d->ext[i].logical, n,
			  d->ext[i].physical) != (ssize_t)n)
			return -1;
	}
	return 0;
}

/* pages of buf (len bytes of the file from offset 0) with the seed's pattern */
static int pages_ok(const uint8_t *buf, size_t len, unsigned int seed)
{
	bool good = true;
	int ok = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] != pattern(seed, i))
			good = false;
		if ((i + 1) % PAGE_SZ == 0) {
			ok += good;
			good = true;
		}
	}
	return ok;
}

static int kpageflags(int fd, uint64_t pfn, uint64_t *flags)
{
	return pread(fd, flags, 8, pfn * 8) == 8 ? 0 : -1;
}

/*
 * How many of the npages pages mapped at addr have one of the kpageflags
 * bits in mask set in their folio (via /proc/self/pagemap and
 * /proc/kpageflags: needs root), or -1.
 */
static int pages_with(const uint8_t *addr, size_t npages, uint64_t mask)
{
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int kpf = open("/proc/kpageflags", O_RDONLY);
	uint64_t e, flags, pfn;
	int dirty = 0, j;
	size_t i;

	if (pm < 0 || kpf < 0)
		goto err;
	for (i = 0; i < npages; i++) {
		if (pread(pm, &e, 8, ((uintptr_t)addr / PAGE_SZ + i) * 8) != 8)
			goto err;
		pfn = e & PM_PFN_MASK;
		/* not present, or PFNs hidden (no CAP_SYS_ADMIN) */
		if (!(e & PM_PRESENT) || !pfn || kpageflags(kpf, pfn, &flags))
			goto err;
		/* PG_dirty lives in the head page of a large folio */
		for (j = 0; j < 512 && (flags & (1ULL << KPF_COMPOUND_TAIL)); j++)
			if (kpageflags(kpf, --pfn, &flags))
				goto err;
		dirty += !!(flags & mask);
	}
	close(pm);
	close(kpf);
	return dirty;
err:
	if (pm >= 0)
		close(pm);
	if (kpf >= 0)
		close(kpf);
	return -1;
}

static int pages_dirty(const uint8_t *addr, size_t npages)
{
	return pages_with(addr, npages, 1ULL << KPF_DIRTY);
}

/* a child calling syncfs() on the file's file system in a loop */
struct syncer {
	pid_t pid;
	long *count;
};

static void syncer_start(struct syncer *sy, int fd)
{
	sy->pid = -1;
	sy->count = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sy->count == MAP_FAILED)
		return;
	*sy->count = 0;
	sy->pid = fork();
	if (sy->pid > 0) {
		/* race with a loop that is running, not one still starting */
		for (int i = 0; i < 1000; i++) {
			if (__atomic_load_n(sy->count, __ATOMIC_RELAXED) > 0)
				break;
			usleep(10000);
		}
	}
	if (sy->pid)
		return;
	for (;;) {
		if (syncfs(fd))
			_exit(1);
		__atomic_add_fetch(sy->count, 1, __ATOMIC_RELAXED);
	}
}

/* the number of syncfs() calls, or -1 if the child failed */
static long syncer_stop(struct syncer *sy)
{
	long n = -1;
	int status;

	if (sy->pid > 0) {
		kill(sy->pid, SIGKILL);
		if (waitpid(sy->pid, &status, 0) == sy->pid &&
		    WIFSIGNALED(status))
			n = __atomic_load_n(sy->count, __ATOMIC_RELAXED);
	}
	if (sy->count != MAP_FAILED)
		munmap(sy->count, PAGE_SZ);
	sy->pid = -1;
	sy->count = MAP_FAILED;
	return n;
}

/* background writeback every 100 ms, data dirty for 100 ms counts as old */
static const char * const wb_sysctls[] = {
	"/proc/sys/vm/dirty_writeback_centisecs",
	"/proc/sys/vm/dirty_expire_centisecs",
};

static void wb_sysctls_set(char saved[][32], bool restore)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wb_sysctls); i++) {
		if (!restore && read_line(wb_sysctls[i], saved[i], 32))
			saved[i][0] = '\0';
		if (saved[i][0])
			write_str(wb_sysctls[i], restore ? saved[i] : "10");
	}
}

/* create path with len bytes of the seed's pattern on disk; returns an fd */
static int wb_create(const char *path, size_t len, unsigned int seed,
		     uint8_t *buf)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	fill(buf, len, seed);
	if (fd >= 0 && (write_all(fd, buf, len) || fsync(fd))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * Short-term pins: O_DIRECT writes whose source buffer is a MAP_SHARED mapping
 * of a file, so that direct I/O takes references on that file's page cache
 * while a syncfs() loop writes the same pages back.  The destination is
 * another file of the same file system, then the second half of the mapped
 * file itself (the case where writeback must not wait for the pin holder).
 * The data read back with O_DIRECT must be what the CPU wrote each round.
 */
static int dio_rounds(int dst, off_t off, uint8_t *map, uint8_t *buf,
		      size_t len, int *failed)
{
	int i, seed, bad = 0;

	for (i = 0; i < WB_ROUNDS; i++) {
		seed = WB_SEED_ROUND + i;
		fill(map, len, seed);
		if (pwrite(dst, map, len, off) != (ssize_t)len ||
		    pread(dst, buf, len, off) != (ssize_t)len) {
			(*failed)++;
			continue;
		}
		bad += WB_PAGES - pages_ok(buf, len, seed);
	}
	return bad;
}

static void run_dio(const char *tag, const char *dir, uint8_t *buf, size_t len)
{
	char src_path[4096], dst_path[4096];
	char saved[ARRAY_SIZE(wb_sysctls)][32];
	int src = -1, dst = -1, self = -1, bad, bad_self, failed = 0;
	long acq0 = 0, rel0 = 0, acq1 = 0, rel1 = 0, nsync;
	int last = WB_SEED_ROUND + WB_ROUNDS - 1;
	uint8_t *map = MAP_FAILED;
	struct syncer sy;

	snprintf(src_path, sizeof(src_path), "%s/mrtest-dio-src.dat", dir);
	snprintf(dst_path, sizeof(dst_path), "%s/mrtest-dio-dst.dat", dir);
	dst = wb_create(dst_path, len, WB_SEED1, buf);
	src = wb_create(src_path, len, WB_SEED0, buf);
	/* the second half, written by direct I/O from the mapped first half */
	if (src >= 0 && (pwrite(src, buf, len, len) != (ssize_t)len ||
			 fsync(src))) {
		close(src);
		src = -1;
	}
	if (dst >= 0) {
		close(dst);
		dst = open(dst_path, O_RDWR | O_DIRECT);
	}
	if (src >= 0) {
		self = open(src_path, O_RDWR | O_DIRECT);
		map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, src, 0);
	}
	if (src < 0 || dst < 0 || self < 0 || map == MAP_FAILED) {
		tap_result(false, "%s: direct I/O setup in %s: %s", tag, dir,
			   strerror(errno));
		goto out;
	}
	foll_pin_counters(&acq0, &rel0);
	wb_sysctls_set(saved, false);
	syncer_start(&sy, src);
	bad = dio_rounds(dst, 0, map, buf, len, &failed);
	bad_self = dio_rounds(self, len, map, buf, len, &failed);
	nsync = syncer_stop(&sy);
	wb_sysctls_set(saved, true);
	foll_pin_counters(&acq1, &rel1);
	tap_result(!bad && !bad_self && !failed && nsync > 0,
		   "%s: 2 x %d rounds of O_DIRECT writes from a MAP_SHARED file mapping to another file and to the mapped file itself, racing with %ld syncfs(): each round's data arrived (%d + %d bad pages, %d failed I/Os)",
		   tag, WB_ROUNDS, nsync, bad, bad_self, failed);
	tap_result(acq1 - acq0 == rel1 - rel0,
		   "%s: nr_foll_pin balanced across the direct I/O (acquired %+ld, released %+ld)",
		   tag, acq1 - acq0, rel1 - rel0);
	if (acq1 == acq0)
		diag("%s: direct I/O took no FOLL_PIN pins: 6.1's block direct I/O takes plain page references (FOLL_GET), which folio_maybe_dma_pinned() cannot see",
		     tag);
	if (fsync(src))
		diag("fsync %s: %s", src_path, strerror(errno));
	munmap(map, len);
	map = MAP_FAILED;
	write_str("/proc/sys/vm/drop_caches", "3\n");
	bad = pread(src, buf, len, 0) == (ssize_t)len ?
	      WB_PAGES - pages_ok(buf, len, last) : WB_PAGES;
	bad_self = pread(src, buf, len, len) == (ssize_t)len ?
		   WB_PAGES - pages_ok(buf, len, last) : WB_PAGES;
	tap_result(!bad && !bad_self,
		   "%s: after munmap and drop_caches both halves of the mapped file have the last round's data (%d, %d bad pages)",
		   tag, bad, bad_self);
out:
	if (map != MAP_FAILED)
		munmap(map, len);
	if (src >= 0)
		close(src);
	if (self >= 0)
		close(self);
	if (dst >= 0)
		close(dst);
	unlink(src_path);
	unlink(dst_path);
}

static void run_writeback(const char *fs, const char *dir)
{
	size_t len = WB_PAGES * PAGE_SZ;
	int fd = -1, i, seed = 0, dirty, d_min = WB_PAGES, d_max = -1;
	int bad_disk = 0, bad_rdma = 0, fsync_err = 0, rdma_err = 0;
	int old_pages, new_pages;
	char tag[64], path[4096], why[512] = "";
	char saved[ARRAY_SIZE(wb_sysctls)][32];
	struct disk_map d = { .bdev = -1 };
	uint8_t *map = MAP_FAILED, *disk = NULL, *buf = NULL;
	struct ibv_mr *mr = NULL;
	long base = 0, held, after, nsync;
	struct syncer sy;
	struct rdma r;

	memset(&r, 0, sizeof(r));
	snprintf(tag, sizeof(tag), "writeback %s", fs);
	snprintf(path, sizeof(path), "%s/mrtest-wb.dat", dir);
	if (posix_memalign((void **)&disk, PAGE_SZ, len) ||
	    posix_memalign((void **)&buf, PAGE_SZ, len)) {
		tap_result(false, "%s: allocating buffers", tag);
		goto out;
	}
	fd = wb_create(path, len, WB_SEED0, buf);
	if (fd < 0) {
		tap_result(false, "%s: create %s: %s", tag, path, strerror(errno));
		goto out;
	}
	if (disk_map_setup(&d, fd, len, why, sizeof(why))) {
		tap_result(false, "%s: locate %s on its block device: %s", tag,
			   path, why);
		goto out;
	}
	old_pages = disk_read(&d, disk, len) ? 0 : pages_ok(disk, len, WB_SEED0);
	tap_result(old_pages == WB_PAGES,
		   "%s: the file's %d extent(s) read from %s with O_DIRECT hold the data written (%d/%d pages)",
		   tag, d.n, d.name, old_pages, WB_PAGES);

	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		tap_result(false, "%s: mmap: %s", tag, strerror(errno));
		goto out;
	}
	if (rdma_open(&r, len) || link_up(&r)) {
		tap_result(false, "%s: RDMA setup on %s", tag, opt_dev);
		goto out;
	}
	base = pins_outstanding();
	mr = ibv_reg_mr(r.pd, map, len, IBV_ACCESS_REMOTE_READ);
	held = pins_outstanding() - base;
	tap_result(mr && held == WB_PAGES,
		   "%s: read-only MR (REMOTE_READ) over a MAP_SHARED read/write mapping of %d file pages: %s, pins %+ld (want +%d)",
		   tag, WB_PAGES, mr ? "registered" : strerror(errno), held,
		   WB_PAGES);
	if (!mr)
		goto out;

	/*
	 * background writeback alone: what does it do with pinned pages?
	 * WRITE (without WAIT_BEFORE: all three flags together make it
	 * WB_SYNC_ALL) starts a WB_SYNC_NONE pass, WAIT_AFTER waits for it.
	 */
	fill(map, len, WB_SEED1);
	if (sync_file_range(fd, 0, len, SYNC_FILE_RANGE_WRITE |
			    SYNC_FILE_RANGE_WAIT_AFTER))
		diag("sync_file_range: %s", strerror(errno));
	dirty = pages_dirty(map, WB_PAGES);
	if (dirty < 0)
		diag("%s: cannot read the pages' flags (/proc/self/pagemap PFNs and /proc/kpageflags need root)",
		     tag);
	if (disk_read(&d, disk, len)) {
		old_pages = -1;
		new_pages = -1;
	} else {
		old_pages = pages_ok(disk, len, WB_SEED0);
		new_pages = pages_ok(disk, len, WB_SEED1);
	}
	if (opt_patched)
		tap_result(dirty == WB_PAGES && old_pages == WB_PAGES,
			   "%s: background writeback (sync_file_range WRITE|WAIT_AFTER, WB_SYNC_NONE) skips the pinned pages: %d/%d still dirty, the disk keeps the previous data in %d and has the new in %d pages",
			   tag, dirty, WB_PAGES, old_pages, new_pages);
	else
		diag("%s: stock kernel: after sync_file_range(WRITE) %d/%d pinned pages are dirty, the disk has the new data in %d and the previous in %d pages",
		     tag, dirty, WB_PAGES, new_pages, old_pages);

	/* CPU writes + fsync under the pin, with writeback running alongside */
	wb_sysctls_set(saved, false);
	syncer_start(&sy, fd);
	for (i = 0; i < WB_ROUNDS; i++) {
		seed = WB_SEED_ROUND + i;
		fill(map, len, seed);
		fsync_err += !!fsync(fd);
		/*
		 * The concurrent syncfs() loop may be writing a page right
		 * now: cleaned, locked or under writeback until it is
		 * re-dirtied.  Only a page in none of these states is clean.
		 */
		dirty = pages_with(map, WB_PAGES, 1ULL << KPF_DIRTY |
				   1ULL << KPF_LOCKED | 1ULL << KPF_WRITEBACK);
		if (dirty < d_min)
			d_min = dirty;
		if (dirty > d_max)
			d_max = dirty;
		bad_disk += disk_read(&d, disk, len) ? WB_PAGES :
			    WB_PAGES - pages_ok(disk, len, seed);
		memset(r.lbuf, 0, len);
		if (rdma_op(&r, IBV_WR_RDMA_READ, mr, len))
			rdma_err++;
		else
			bad_rdma += WB_PAGES - pages_ok(r.lbuf, len, seed);
	}
	nsync = syncer_stop(&sy);
	wb_sysctls_set(saved, true);
	tap_result(!bad_disk && !fsync_err && nsync > 0,
		   "%s: %d rounds of CPU writes through the mapping + fsync() under the pin, %ld syncfs() and 100 ms background writeback alongside: the disk has each round's data (%d bad pages, %d fsync errors)",
		   tag, WB_ROUNDS, nsync, bad_disk, fsync_err);
	tap_result(!bad_rdma && !rdma_err,
		   "%s: RDMA READ of the MR returns each round's data (%d bad pages, %d RDMA errors)",
		   tag, bad_rdma, rdma_err);
	if (opt_patched)
		tap_result(d_min == WB_PAGES,
			   "%s: the pinned pages stay dirty after fsync() (%d..%d of %d dirty, or locked or under writeback by the concurrent syncfs())",
			   tag, d_min, d_max, WB_PAGES);
	else
		diag("%s: stock kernel: after fsync() %d..%d of %d pinned pages are dirty (6.1 cleans pinned pages like any other)",
		     tag, d_min, d_max, WB_PAGES);

	link_down(&r);
	ibv_dereg_mr(mr);
	mr = NULL;
	after = pins_wait_for(base) - base;
	tap_result(after == 0, "%s: pins released by ibv_dereg_mr (%+ld)", tag,
		   after);
	fsync_err = !!fsync(fd);
	dirty = pages_dirty(map, WB_PAGES);
	tap_result(!fsync_err && dirty == 0,
		   "%s: unpinned, fsync() cleans the pages (%d/%d dirty)", tag,
		   dirty, WB_PAGES);
	munmap(map, len);
	map = MAP_FAILED;
	write_str("/proc/sys/vm/drop_caches", "3\n");
	bad_disk = disk_read(&d, disk, len) ? WB_PAGES :
		   WB_PAGES - pages_ok(disk, len, seed);
	bad_rdma = pread(fd, buf, len, 0) != (ssize_t)len ? WB_PAGES :
		   WB_PAGES - pages_ok(buf, len, seed);
	tap_result(!bad_disk && !bad_rdma,
		   "%s: after munmap and drop_caches the disk and read() have the last round's data (%d, %d bad pages)",
		   tag, bad_disk, bad_rdma);

	run_dio(tag, dir, buf, len);
out:
	if (mr) {
		link_down(&r);
		ibv_dereg_mr(mr);
	}
	link_down(&r);
	rdma_close(&r, len);
	if (map != MAP_FAILED)
		munmap(map, len);
	if (d.bdev >= 0)
		close(d.bdev);
	if (fd >= 0)
		close(fd);
	unlink(path);
	free(disk);
	free(buf);
}

static void print_usage(void)
{
	fprintf(stderr,
		"Usage: mrtest [--expect stock|patched] [--dev NAME] [--size BYTES]\n"
		"              [--gid-index N] CASE...\n"
		"       mrtest [--dev NAME] --print-gid-index\n"
		"       mrtest [--dev NAME] [--iters N] [--pressure-mb N] stress:DIR\n"
		"       mrtest [--expect stock|patched] [--dev NAME] writeback:FS:DIR\n"
		"CASE: anon shmem hugetlb memlock ext4:DIR xfs:DIR ext4dax:DIR\n"
		"      xfsdax:DIR devdax:/dev/daxX.Y\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "expect", required_argument, NULL, 'e' },
		{ "dev", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "gid-index", required_argument, NULL, 'g' },
		{ "iters", required_argument, NULL, 'i' },
		{ "pressure-mb", required_argument, NULL, 'p' },
		{ "print-gid-index", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	bool print_gid = false;
	int c, i;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (!strcmp(optarg, "patched"))
				opt_patched = true;
			else if (strcmp(optarg, "stock"))
				print_usage();
			break;
		case 'd':
			opt_dev = optarg;
			break;
		case 's':
			opt_size = strtoul(optarg, NULL, 0);
			if (!opt_size || opt_size % (2UL << 20))
				print_usage();	/* hugetlb and devdax need 2 MiB units */
			break;
		case 'g':
			opt_gid_index = atoi(optarg);
			break;
		case 'i':
			opt_iters = atoi(optarg);
			break;
		case 'p':
			opt_pressure_mb = atoi(optarg);
			break;
		case 'P':
			print_gid = true;
			break;
		default:
			print_usage();
		}
	}
	if (print_gid) {
		struct ibv_context *ctx = open_dev();

		c = ctx ? find_gid_index(ctx, NULL) : -1;
		if (c < 0)
			return 1;
		printf("%d\n", c);
		return 0;
	}
	if (optind >= argc)
		print_usage();
	signal(SIGPIPE, SIG_IGN);
	if (pins_outstanding() < 0) {
		printf("not ok 1 /proc/vmstat has no nr_foll_pin_acquired/released\n");
		return 1;
	}
	for (i = optind; i < argc; i++) {
		char *name = strdup(argv[i]), *arg = strchr(name, ':');
		const struct kind_info *k;

		if (arg)
			*arg++ = '\0';
		if (!strcmp(name, "memlock")) {
			run_memlock();
		} else if (!strcmp(name, "writeback")) {
			char *dir = arg ? strchr(arg, ':') : NULL;

			if (!dir)
				print_usage();
			*dir++ = '\0';
			run_writeback(arg, dir);
		} else if (!strcmp(name, "stress")) {
			if (!arg)
				print_usage();
			run_stress(arg, opt_size);
		} else {
			k = find_kind(name);
			if (!k || ((k->type == MEM_FILE || k->type == MEM_DEVDAX) &&
				   !arg))
				print_usage();
			run_case(k, arg, true, opt_size);
			if (k->has_ro)
				run_case(k, arg, false, opt_size);
		}
		free(name);
	}
	return tap_end();
}
