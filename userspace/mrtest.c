// SPDX-License-Identifier: GPL-2.0
/*
 * mrtest - what does the running kernel do with long-term pins taken by
 * ibv_reg_mr() on each kind of memory?
 *
 * For every CASE on the command line it registers a memory region, compares
 * the outcome with the expectation table (memkind.c), checks the FOLL_PIN
 * accounting in /proc/vmstat, moves data through the MR with RDMA WRITE and
 * RDMA READ over a loopback RC connection on the same device (rdma.c), and
 * checks that the pins are released by ibv_dereg_mr() and by SIGKILL.  The
 * memlock case checks RLIMIT_MEMLOCK for an unprivileged user.
 * Output is TAP (kselftest.h).
 *
 *   mrtest [--expect stock|patched] [--dev NAME] [--gid-index N]
 *          [--size BYTES] CASE...
 *   mrtest [--dev NAME] --print-gid-index
 *
 * CASE: anon, shmem, hugetlb, memlock, ext4:DIR, xfs:DIR, ext4dax:DIR,
 * xfsdax:DIR, devdax:/dev/daxX.Y
 *
 * The same MRs under stress and under writeback: mrstress, mrwriteback.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "memkind.h"
#include "util.h"
#include "rdma.h"

static size_t opt_size = 4UL << 20;

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
		ksft_test_result(false, "%s: kernel log explains the refusal (cannot open /dev/kmsg)\n",
				 tag);
		return;
	}
	while (kmsg_next(km, line, sizeof(line))) {
		if (strstr(line, want)) {
			ksft_test_result(true, "%s: kernel log explains the refusal: %.200s\n",
					 tag, line);
			return;
		}
	}
	ksft_test_result(false, "%s: kernel log explains the refusal (no \"%s\" logged)\n",
			 tag, want);
}

struct kill_case {
	struct mem *m;
	const char *arg;
};

/* child side of the SIGKILL check: map the memory again and register it */
static int hold_mr(void *p)
{
	struct kill_case *kc = p;
	struct ibv_context *ctx;
	struct ibv_pd *pd;

	if (mem_setup(kc->m, kc->arg, false))
		return -1;
	ctx = verbs_open_dev();
	pd = ctx ? ibv_alloc_pd(ctx) : NULL;
	if (!pd || !ibv_reg_mr(pd, kc->m->addr, kc->m->len,
			       verbs_reg_access(kc->m->writable)))
		return -1;
	return 0;
}

static void case_sigkill(struct mem *m, const char *arg, const char *tag,
			 long want)
{
	struct kill_case kc = { m, arg };
	long held, after;

	if (pins_after_sigkill(hold_mr, &kc, pins_outstanding(), &held,
			       &after)) {
		ksft_test_result(false, "%s: child registration for SIGKILL check\n", tag);
		return;
	}
	ksft_test_result(held == want && after == 0,
			 "%s: pins released after SIGKILL of the registering process (held +%ld, want +%ld; after kill %+ld)\n",
			 tag, held, want, after);
}

static void run_case(const struct kind_info *k, const char *arg, bool writable,
		     size_t len)
{
	struct mem m = { .kind = k, .writable = writable, .len = len };
	int want = verbs_expected_errno(k->name, writable), got;
	long base, held, after, npages = len / PAGE_SZ;
	long want_pins = npages * k->pin_per_page;
	struct ibv_mr *mr;
	struct kmsg km;
	struct rdma r;
	char tag[128];
	size_t bad, first = 0;

	snprintf(tag, sizeof(tag), "%s %s", k->name, writable ? "rw" : "ro");
	if (mem_setup_tap(&m, arg, tag))
		return;
	if (rdma_open(&r, len)) {
		ksft_test_result(false, "%s: open %s and register a local buffer\n", tag,
				 verbs_dev);
		rdma_close(&r, len);
		mem_close(&m);
		return;
	}

	if (kmsg_open(&km, false))
		km.fd = -1;
	base = pins_outstanding();
	mr = ibv_reg_mr(r.pd, m.addr, len, verbs_reg_access(writable));
	got = mr ? 0 : errno;
	held = pins_outstanding() - base;
	if (got == EOPNOTSUPP && is_pagecache_kind(k))
		ksft_print_msg("ibv_reg_mr: EOPNOTSUPP: %s\n", verbs_refusal_hint(k, got));
	else if (got)
		ksft_print_msg("%s: long-term pin refused (%s); %s\n", k->label,
			       strerror(got), verbs_refusal_hint(k, got));
	ksft_test_result(got == want,
			 "%s: ibv_reg_mr %zu KiB %s (expected on %s kernel: %s)\n",
			 tag, len >> 10, got ? strerror(got) : "registered",
			 verbs_kernel(),
			 want ? strerror(want) : "registered");
	if (got == EOPNOTSUPP && writable && is_pagecache_kind(k))
		check_refusal_logged(&km, tag, k->name);
	kmsg_close(&km);
	if (!mr) {
		ksft_test_result(held == 0,
				 "%s: no pins left behind by the refused registration (%+ld)\n",
				 tag, held);
		goto out;
	}
	ksft_test_result(held == want_pins,
			 "%s: nr_foll_pin outstanding +%ld while registered (want +%ld = %ld pages x %d)\n",
			 tag, held, want_pins, npages, k->pin_per_page);

	if (link_up(&r)) {
		ksft_test_result(false, "%s: RDMA loopback connection\n", tag);
	} else if (writable) {
		bool ok;

		fill(r.lbuf, len, 0xc3);
		ok = !rdma_op(&r, IBV_WR_RDMA_WRITE, mr, len);
		memset(r.lbuf, 0, len);
		ok = ok && !rdma_op(&r, IBV_WR_RDMA_READ, mr, len);
		bad = ok ? check(r.lbuf, len, 0xc3, &first) : len;
		ksft_test_result(ok && !bad,
				 "%s: RDMA WRITE pattern, RDMA READ it back (%zu bad bytes)\n",
				 tag, bad);
		bad = check(m.addr, len, 0xc3, &first);
		ksft_test_result(!bad, "%s: CPU sees the RDMA-written pattern in the mapping (%zu bad bytes, first at %zu)\n",
				 tag, bad, first);
	} else {
		bool ok;

		memset(r.lbuf, 0, len);
		ok = !rdma_op(&r, IBV_WR_RDMA_READ, mr, len);
		bad = ok ? check(r.lbuf, len, 0x5a, &first) : len;
		ksft_test_result(ok && !bad,
				 "%s: RDMA READ returns the file content (%zu bad bytes)\n",
				 tag, bad);
	}
	link_down(&r);

	if (ibv_dereg_mr(mr))
		ksft_print_msg("ibv_dereg_mr: %s\n", strerror(errno));
	after = pins_wait_for(base) - base;
	ksft_test_result(after == 0, "%s: pins released by ibv_dereg_mr (%+ld)\n", tag,
			 after);

	if (writable && (k->type == MEM_FILE || k->type == MEM_SHMEM)) {
		uint8_t *buf = malloc(len);
		ssize_t n;

		mem_unmap(&m);	/* msync(MS_SYNC) + munmap */
		n = buf ? pread(m.fd, buf, len, 0) : -1;
		bad = n == (ssize_t)len ? check(buf, len, 0xc3, &first) : len;
		ksft_test_result(!bad,
				 "%s: read() after msync+munmap returns the RDMA data (%zu bad bytes, first at %zu)\n",
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
	ctx = verbs_open_dev();
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
		       big >> 10, strerror(errno), verbs_refusal_hint(&kinds[0], ENOMEM));
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
		ksft_test_result(false, "memlock: child did not finish\n");
		return;
	}
	status = WEXITSTATUS(status);
	if (status >= 10) {
		ksft_test_result(false, "memlock: setting up the unprivileged child (step %d)\n",
				 status);
		return;
	}
	ksft_test_result(!(status & 1),
			 "memlock: uid 65534 with RLIMIT_MEMLOCK 64 KiB registers a %zu KiB MR\n",
			 small >> 10);
	ksft_test_result(!(status & 6),
			 "memlock: uid 65534 with RLIMIT_MEMLOCK 64 KiB gets ENOMEM for a %zu KiB MR%s\n",
			 big >> 10, status & 2 ? " (was registered)" :
			 status & 4 ? " (other error)" : "");
	after = pins_wait_for(base) - base;
	ksft_test_result(after == 0, "memlock: pins balanced (%+ld)\n", after);
}

static void print_usage(void)
{
	fprintf(stderr,
		"Usage: mrtest " VERBS_USAGE " [--size BYTES] CASE...\n"
		"       mrtest [--dev NAME] --print-gid-index\n"
		"CASE: anon shmem hugetlb memlock ext4:DIR xfs:DIR ext4dax:DIR\n"
		"      xfsdax:DIR devdax:/dev/daxX.Y\n");
	exit(2);
}

static int print_gid_index(void)
{
	struct ibv_context *ctx = verbs_open_dev();
	int i = ctx ? verbs_find_gid_index(ctx, NULL) : -1;

	if (i < 0)
		return 1;
	printf("%d\n", i);
	return 0;
}

int main(int argc, char **argv)
{
	bool opt_print_gid = false;
	const struct opt opts[] = {
		OPT_INCLUDE(verbs_opts),
		/* hugetlb and devdax need 2 MiB units */
		OPT_BYTES("size", &opt_size, 2UL << 20, 0),
		OPT_FLAG("print-gid-index", &opt_print_gid),
		{ }
	};
	const struct kind_info *k;
	int i;

	if (parse_options(argc, argv, opts))
		print_usage();
	if (opt_print_gid)
		return print_gid_index();
	if (optind >= argc)
		print_usage();
	tap_start();
	for (i = optind; i < argc; i++) {
		char *name = strdup(argv[i]), *arg = strchr(name, ':');

		if (arg)
			*arg++ = '\0';
		if (!strcmp(name, "memlock")) {
			run_memlock();
			free(name);
			continue;
		}
		k = find_kind(name);
		if (!k || ((k->type == MEM_FILE || k->type == MEM_DEVDAX) &&
			   !arg))
			print_usage();
		run_case(k, arg, true, opt_size);
		if (k->has_ro)
			run_case(k, arg, false, opt_size);
		free(name);
	}
	tap_finish();
}
