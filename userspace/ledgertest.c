// SPDX-License-Identifier: GPL-2.0
/*
 * ledgertest - does CONFIG_PIN_LEDGER see FOLL_PIN misuse?
 *
 * The pin ledger records every FOLL_PIN pin by the call site that took it,
 * refuses unpins of folios it has no pin for, and reports pins still held
 * when the mm of the task that took them is freed.  Its debugfs directory
 * /sys/kernel/debug/pin_ledger/ has
 *   outstanding  "# pins folios after_exit site", then one line per acquiring
 *                call site: <pins> <folios> <after_exit_pins> <site (%pS)>
 *   stats        "key value" lines: active complete recorded released
 *                outstanding mismatched_unpins refused_unpins exit_reports
 * and gup_test (CONFIG_GUP_TEST, /sys/kernel/debug/gup_test) has three ioctls
 * that commit the mistakes on purpose:
 *   PIN_LEDGER_GET_UNPIN_TEST     get_user_pages_fast() + unpin_user_pages()
 *   PIN_LEDGER_PUT_MISMATCH_TEST  pin_user_pages_fast() + put_page()
 *   PIN_LEDGER_REPAIR             balance every earlier PUT_MISMATCH
 *
 * This program runs each and checks the ledger's files, its kernel log lines
 * and the /proc/vmstat FOLL_PIN counters.  Output is TAP; it needs root.
 *
 *   ledgertest [--pages N]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "util.h"

/* struct gup_test and the ioctls, as in the patched kernel's mm/gup_test.h */
#define GUP_TEST_MAX_PAGES_TO_DUMP	8

struct gup_test {
	uint64_t get_delta_usec;
	uint64_t put_delta_usec;
	uint64_t addr;
	uint64_t size;
	uint32_t nr_pages_per_call;
	uint32_t gup_flags;
	uint32_t test_flags;
	uint32_t which_pages[GUP_TEST_MAX_PAGES_TO_DUMP];
};

#define PIN_LEDGER_PUT_MISMATCH_TEST	_IOWR('g', 20, struct gup_test)
#define PIN_LEDGER_GET_UNPIN_TEST	_IOWR('g', 21, struct gup_test)
#define PIN_LEDGER_REPAIR		_IOWR('g', 22, struct gup_test)

#define FOLL_WRITE		0x01	/* include/linux/mm.h */

#define PAGE_SZ			4096UL
#ifndef LEDGER_DIR	/* overridable to test the parsers on saved files */
#define LEDGER_DIR		"/sys/kernel/debug/pin_ledger"
#endif
#define GUP_TEST_FILE		"/sys/kernel/debug/gup_test"
#define SITE_TAG		"gup_test"
#define CHILD_COMM		"ledger-child"
#define EXIT_REPORT_WAIT_MS	10000
#define MAX_ROWS		256

static int opt_pages = 4;

/* ---- the ledger's files ---- */

enum {
	ST_ACTIVE, ST_COMPLETE, ST_RECORDED, ST_RELEASED, ST_OUTSTANDING,
	ST_MISMATCHED, ST_REFUSED, ST_EXIT_REPORTS, ST_NR
};

static const char * const stat_keys[ST_NR] = {
	"active", "complete", "recorded", "released", "outstanding",
	"mismatched_unpins", "refused_unpins", "exit_reports",
};

struct stats {
	long v[ST_NR];
};

/* 0, or -1 with the problem in why */
static int read_stats(struct stats *s, char *why, size_t wlen)
{
	bool seen[ST_NR] = { false };
	char key[64];
	long v;
	FILE *f;
	int i;

	f = fopen(LEDGER_DIR "/stats", "r");
	if (!f) {
		snprintf(why, wlen, "open " LEDGER_DIR "/stats: %s",
			 strerror(errno));
		return -1;
	}
	while (fscanf(f, "%63s %ld", key, &v) == 2) {
		for (i = 0; i < ST_NR; i++) {
			if (!strcmp(key, stat_keys[i])) {
				s->v[i] = v;
				seen[i] = true;
			}
		}
	}
	fclose(f);
	for (i = 0; i < ST_NR; i++) {
		if (!seen[i]) {
			snprintf(why, wlen, LEDGER_DIR "/stats has no \"%s\"",
				 stat_keys[i]);
			return -1;
		}
	}
	return 0;
}

struct row {
	long pins, folios, after_exit;
	char site[256];
};

struct table {
	int n;
	bool header;	/* first line starts with '#' */
	bool sorted;	/* by pins, descending */
	struct row rows[MAX_ROWS];
};

/* 0, or -1 (unreadable file or a line that is not a row) */
static int read_outstanding(struct table *t, char *why, size_t wlen)
{
	char line[512];
	int lineno = 0;
	struct row *r;
	FILE *f;

	t->n = 0;
	t->header = false;
	t->sorted = true;
	f = fopen(LEDGER_DIR "/outstanding", "r");
	if (!f) {
		snprintf(why, wlen, "open " LEDGER_DIR "/outstanding: %s",
			 strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (line[0] == '#') {
			t->header |= lineno == 1;
			continue;
		}
		if (t->n == MAX_ROWS)
			break;
		r = &t->rows[t->n];
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%ld %ld %ld %255s", &r->pins, &r->folios,
			   &r->after_exit, r->site) != 4) {
			snprintf(why, wlen, "outstanding line %d is not \"<pins> <folios> <after_exit_pins> <site>\": %.100s",
				 lineno, line);
			fclose(f);
			return -1;
		}
		if (t->n && r->pins > t->rows[t->n - 1].pins)
			t->sorted = false;
		t->n++;
	}
	fclose(f);
	return 0;
}

static const struct row *find_row(const struct table *t, const char *site)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->rows[i].site, site))
			return &t->rows[i];
	return NULL;
}

/*
 * The gup_test site whose pins grew by want between @before and @after;
 * NULL if none (or more than one) did.
 */
static const struct row *grown_site(const struct table *before,
				    const struct table *after, long want)
{
	const struct row *found = NULL, *old;
	long prev;
	int i;

	for (i = 0; i < after->n; i++) {
		if (!strstr(after->rows[i].site, SITE_TAG))
			continue;
		old = find_row(before, after->rows[i].site);
		prev = old ? old->pins : 0;
		if (after->rows[i].pins - prev == want) {
			if (found)
				return NULL;
			found = &after->rows[i];
		}
	}
	return found;
}

static void diag_table(const struct table *t)
{
	int i;

	for (i = 0; i < t->n && i < 10; i++)
		diag("  outstanding: %ld %ld %ld %s", t->rows[i].pins,
		     t->rows[i].folios, t->rows[i].after_exit,
		     t->rows[i].site);
}

/* ---- gup_test ---- */

static int gup_fd = -1;

/* the ioctl on [addr, addr + npages pages); 0 or the errno */
static int gup_ioctl(unsigned long cmd, void *addr, int npages)
{
	struct gup_test g;

	memset(&g, 0, sizeof(g));
	g.addr = (uintptr_t)addr;
	g.size = npages * PAGE_SZ;
	g.nr_pages_per_call = npages;
	g.gup_flags = FOLL_WRITE;
	return ioctl(gup_fd, cmd, &g) ? errno : 0;
}

static void *touched_pages(int npages)
{
	uint8_t *p = mmap(NULL, npages * PAGE_SZ, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		return NULL;
	for (i = 0; i < npages; i++)
		p[i * PAGE_SZ] = (uint8_t)(i + 1);
	return p;
}

/* ---- the kernel log ---- */

/*
 * "pin_ledger: unpin at <site> of a folio with no recorded pin (pfn 0x...);
 * unpin refused" naming a gup_test site, among the records after @km's
 * position; the line goes into buf.
 */
static bool find_refused_unpin(struct kmsg *km, char *buf, size_t len)
{
	char site[256];

	while (kmsg_next(km, buf, len)) {
		const char *p = strstr(buf, "pin_ledger: unpin at ");

		if (!p || !strstr(p, "of a folio with no recorded pin") ||
		    !strstr(p, "unpin refused"))
			continue;
		if (sscanf(p, "pin_ledger: unpin at %255s", site) == 1 &&
		    strstr(site, SITE_TAG))
			return true;
	}
	return false;
}

/*
 * An exited task's mm is freed (__mmdrop()) only when its last reference
 * goes, and a CPU that went idle after running the task keeps one as its
 * lazy TLB mm until it switches to another user mm.  On a quiet machine that
 * can take arbitrarily long, so run briefly on every CPU we may use.
 */
static void visit_all_cpus(void)
{
	cpu_set_t all, one;
	int cpu;

	if (sched_getaffinity(0, sizeof(all), &all))
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &all))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (!sched_setaffinity(0, sizeof(one), &one))
			sched_yield();
	}
	sched_setaffinity(0, sizeof(all), &all);
}

/*
 * "pin_ledger: <n> pins taken at <site> by <comm>[<pid>] still held after
 * its mm was freed" for @pid, polled for up to EXIT_REPORT_WAIT_MS.
 */
static bool find_exit_report(struct kmsg *km, pid_t pid, long *n, char *site,
			     char *comm, char *buf, size_t len)
{
	long t0 = now_ms();
	int got_pid;

	do {
		while (kmsg_next(km, buf, len)) {
			const char *p = strstr(buf, "pin_ledger: ");

			if (!p || !strstr(p, "still held after its mm was freed"))
				continue;
			if (sscanf(p, "pin_ledger: %ld pins taken at %255s by %63[^[][%d]",
				   n, site, comm, &got_pid) == 4 && got_pid == pid)
				return true;
		}
		usleep(100000);
		visit_all_cpus();
	} while (now_ms() - t0 < EXIT_REPORT_WAIT_MS);
	return false;
}

/* ---- the tests ---- */

static void test_get_unpin(void)
{
	struct stats s0, s1;
	char why[256], line[1024];
	long p0, p1;
	struct kmsg km;
	void *p;
	int err;

	p = touched_pages(opt_pages);
	if (!p || kmsg_open(&km, false) || read_stats(&s0, why, sizeof(why))) {
		tap_result(false, "get/unpin: setup (pages, /dev/kmsg, stats)");
		return;
	}
	p0 = pins_outstanding();
	err = gup_ioctl(PIN_LEDGER_GET_UNPIN_TEST, p, opt_pages);
	p1 = pins_outstanding();
	if (err == EOPNOTSUPP && !s0.v[ST_COMPLETE]) {
		tap_skip("get/unpin: unpin of pages taken with get_user_pages_fast() is refused",
			 "the ledger is incomplete (stats complete 0: it started after pins were taken), so it cannot tell a bad unpin from an unrecorded pin");
		goto out;
	}
	tap_result(!err, "get/unpin: PIN_LEDGER_GET_UNPIN_TEST on %d pages: %s",
		   opt_pages, err ? strerror(err) : "done");
	if (err)
		goto out;
	if (find_refused_unpin(&km, line, sizeof(line))) {
		tap_result(true, "get/unpin: kernel log: %.300s", line);
	} else {
		/* logged once per call site: an earlier run may have had it */
		struct kmsg all;
		bool earlier = !kmsg_open(&all, true) &&
			       find_refused_unpin(&all, line, sizeof(line));

		kmsg_close(&all);
		tap_result(false, "get/unpin: kernel log has \"pin_ledger: unpin at <gup_test site> of a folio with no recorded pin ...; unpin refused\"%s",
			   earlier ? " (only from earlier in this boot: it is logged once per call site, reboot to rerun)" : "");
	}
	if (read_stats(&s1, why, sizeof(why))) {
		tap_result(false, "get/unpin: %s", why);
		goto out;
	}
	tap_result(s1.v[ST_MISMATCHED] > s0.v[ST_MISMATCHED] &&
		   s1.v[ST_REFUSED] > s0.v[ST_REFUSED],
		   "get/unpin: stats mismatched_unpins %ld -> %ld, refused_unpins %ld -> %ld (both must grow)",
		   s0.v[ST_MISMATCHED], s1.v[ST_MISMATCHED],
		   s0.v[ST_REFUSED], s1.v[ST_REFUSED]);
	tap_result(p0 >= 0 && p1 == p0,
		   "get/unpin: the refused unpin left nr_foll_pin acquired - released unchanged (%ld -> %ld)",
		   p0, p1);
out:
	kmsg_close(&km);
	if (p)
		munmap(p, opt_pages * PAGE_SZ);
}

/* the child: pin its own pages, release them with put_page(), wait, exit */
static void put_mismatch_child(int wfd, int rfd)
{
	char c = 'x';
	void *p;
	int err;

	prctl(PR_SET_NAME, CHILD_COMM);
	p = touched_pages(opt_pages);
	err = p ? gup_ioctl(PIN_LEDGER_PUT_MISMATCH_TEST, p, opt_pages) : ENOMEM;
	if (!err)
		c = 'p';
	if (write(wfd, &c, 1) != 1 || write(wfd, &err, sizeof(err)) < 0)
		_exit(1);
	/* stay alive until the parent has looked */
	if (read(rfd, &c, 1) < 0)
		_exit(1);
	_exit(0);
}

static void test_put_mismatch(void)
{
	static struct table t0, t1, t2, t3;
	long n = 0, p0, p_end, t_start;
	char why[256], line[1024], site[256] = "", rsite[256], comm[64] = "";
	const struct row *r;
	struct stats s0, s1, s2;
	int to_child[2], from_child[2], err = 0, status;
	struct kmsg km;
	pid_t pid;
	char c = 0;

	if (read_stats(&s0, why, sizeof(why)) ||
	    read_outstanding(&t0, why, sizeof(why))) {
		tap_result(false, "put mismatch: %s", why);
		return;
	}
	p0 = pins_outstanding();
	if (pipe(to_child) || pipe(from_child) || kmsg_open(&km, false)) {
		tap_result(false, "put mismatch: setup: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(to_child[1]);
		close(from_child[0]);
		put_mismatch_child(from_child[1], to_child[0]);
	}
	close(to_child[0]);
	close(from_child[1]);
	if (pid < 0 || read(from_child[0], &c, 1) != 1 ||
	    read(from_child[0], &err, sizeof(err)) != sizeof(err))
		c = 0;
	tap_result(c == 'p',
		   "put mismatch: child " CHILD_COMM " pinned %d pages and put_page()d them (PIN_LEDGER_PUT_MISMATCH_TEST: %s)",
		   opt_pages, c == 'p' ? "done" : strerror(err));

	/* while the child lives: its pins are outstanding at a gup_test site */
	if (c == 'p' && !read_outstanding(&t1, why, sizeof(why))) {
		r = grown_site(&t0, &t1, opt_pages);
		if (r)
			snprintf(site, sizeof(site), "%s", r->site);
		tap_result(r && r->folios >= 1 && r->after_exit == 0,
			   "put mismatch: outstanding lists %d pins at a gup_test site while the child lives (%s: %ld pins, %ld folios, %ld after exit)",
			   opt_pages, r ? r->site : "none",
			   r ? r->pins : 0, r ? r->folios : 0,
			   r ? r->after_exit : 0);
		if (!r)
			diag_table(&t1);
		tap_result(t1.header && t1.sorted,
			   "put mismatch: outstanding has its '#' header line and is sorted by pins, descending");
	} else if (c == 'p') {
		tap_result(false, "put mismatch: %s", why);
	}

	/* let the child exit: its mm goes, the pins stay with gup_test */
	if (write(to_child[1], "x", 1) != 1)
		kill(pid, SIGKILL);
	close(to_child[1]);
	close(from_child[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (c != 'p')
		goto repair;

	t_start = now_ms();
	if (find_exit_report(&km, pid, &n, rsite, comm, line, sizeof(line))) {
		tap_result(n == opt_pages && !strcmp(comm, CHILD_COMM) &&
			   strstr(rsite, SITE_TAG) &&
			   (!site[0] || !strcmp(rsite, site)),
			   "put mismatch: %.1f s after the child exited the kernel logged \"%ld pins taken at %s by %s[%d] still held after its mm was freed\"",
			   (now_ms() - t_start) / 1000.0, n, rsite, comm, pid);
	} else {
		tap_result(false, "put mismatch: kernel log has \"pin_ledger: %d pins taken at <gup_test site> by " CHILD_COMM "[%d] still held after its mm was freed\" within %d s of the child's exit",
			   opt_pages, pid, EXIT_REPORT_WAIT_MS / 1000);
	}
	if (!read_stats(&s1, why, sizeof(why)) &&
	    !read_outstanding(&t2, why, sizeof(why))) {
		r = site[0] ? find_row(&t2, site) : NULL;
		tap_result(r && r->pins == opt_pages &&
			   r->after_exit == opt_pages &&
			   s1.v[ST_EXIT_REPORTS] > s0.v[ST_EXIT_REPORTS],
			   "put mismatch: after the exit outstanding has %s with %ld pins, %ld of them after exit (want %d, %d); stats exit_reports %ld -> %ld",
			   site[0] ? site : "(no site)", r ? r->pins : 0,
			   r ? r->after_exit : 0, opt_pages, opt_pages,
			   s0.v[ST_EXIT_REPORTS], s1.v[ST_EXIT_REPORTS]);
	} else {
		tap_result(false, "put mismatch: %s", why);
	}
repair:
	kmsg_close(&km);
	err = gup_ioctl(PIN_LEDGER_REPAIR, NULL, 0);
	tap_result(!err, "put mismatch: PIN_LEDGER_REPAIR: %s",
		   err ? strerror(err) : "done");
	if (read_stats(&s2, why, sizeof(why)) ||
	    read_outstanding(&t3, why, sizeof(why))) {
		tap_result(false, "put mismatch: after repair: %s", why);
		return;
	}
	r = site[0] ? find_row(&t3, site) : NULL;
	tap_result(site[0] && !r &&
		   s2.v[ST_OUTSTANDING] == s0.v[ST_OUTSTANDING],
		   "put mismatch: after repair outstanding no longer lists %s (stats outstanding %ld -> %ld)",
		   site[0] ? site : "the site (never found)",
		   s0.v[ST_OUTSTANDING], s2.v[ST_OUTSTANDING]);
	p_end = pins_wait_for(p0);
	tap_result(p0 >= 0 && p_end == p0,
		   "put mismatch: nr_foll_pin acquired - released back to %ld after repair (%ld)",
		   p0, p_end);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "pages", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct stats s;
	char why[256];
	struct stat st;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c != 'n')
			goto usage;
		opt_pages = atoi(optarg);
		if (opt_pages < 1 || opt_pages > 64)
			goto usage;	/* the ioctls take at most 64 pages */
	}
	if (optind != argc)
		goto usage;
	if (stat(LEDGER_DIR, &st)) {
		printf("1..0 # SKIP %s is missing: the kernel has no CONFIG_PIN_LEDGER (or debugfs is not mounted at /sys/kernel/debug)\n",
		       LEDGER_DIR);
		return 0;
	}
	gup_fd = open(GUP_TEST_FILE, O_RDWR);
	if (gup_fd < 0) {
		printf("1..0 # SKIP cannot open %s (%s): the kernel has no CONFIG_GUP_TEST, whose ioctls make the mistakes\n",
		       GUP_TEST_FILE, strerror(errno));
		return 0;
	}
	if (read_stats(&s, why, sizeof(why))) {
		tap_result(false, "stats: %s", why);
		return tap_end();
	}
	tap_result(true,
		   "stats: active %ld complete %ld recorded %ld released %ld outstanding %ld mismatched_unpins %ld refused_unpins %ld exit_reports %ld",
		   s.v[ST_ACTIVE], s.v[ST_COMPLETE], s.v[ST_RECORDED],
		   s.v[ST_RELEASED], s.v[ST_OUTSTANDING], s.v[ST_MISMATCHED],
		   s.v[ST_REFUSED], s.v[ST_EXIT_REPORTS]);
	if (!s.v[ST_ACTIVE]) {
		tap_skip("get/unpin and put mismatch checks",
			 "the pin ledger is not active (stats active 0)");
	} else {
		test_get_unpin();
		test_put_mismatch();
	}
	close(gup_fd);
	return tap_end();
usage:
	fprintf(stderr, "Usage: ledgertest [--pages N]   (1 <= N <= 64)\n");
	return 2;
}
