// SPDX-License-Identifier: GPL-2.0
/*
 * daxtrunc - truncate and hole-punch of a DAX file while O_DIRECT I/O
 * whose user buffer is a MAP_SHARED mapping of that file is in flight.
 *
 * With fsdax the page a device DMAs into or out of *is* the file's block.
 * Truncate and hole-punch therefore wait (ext4_break_layouts(),
 * xfs_break_dax_layouts(): dax_layout_busy_page() and a wait for the page
 * count to drop back to 1) while any page of the file is held for I/O, so
 * that a freed block is never handed to another file while the device
 * still reads or writes it.  Per iteration:
 *
 *  - an I/O thread reads (device -> DAX page) or writes (DAX page ->
 *    device) LEN bytes with O_DIRECT on DEVICE, a dm-delay target, into or
 *    from a MAP_SHARED mapping of file A on the DAX file system DIR;
 *  - halfway through the delay (the buffer is mapped beforehand, so that
 *    get_user_pages() is quick and the bio waits in the delay target), the
 *    main thread truncates A to 0 or punches a hole over it (in the
 *    "unmapped" scenario it first munmap()s the buffer: the I/O still holds
 *    the pages, the file is no longer mapped);
 *  - the moment that returns, a third thread makes the freed blocks
 *    reusable (syncfs(): ext4 and xfs keep freed extents busy until the
 *    journal commits) and allocates and writes a new file B.
 *
 * The third thread first grows a filler file until less than half a buffer
 * is free, so that B has to take blocks the truncate freed (FIEMAP shows
 * how many it got).  Checked, each over all iterations of a case, one TAP
 * line per property:
 *  1. the truncate began at least a quarter of the delay before the I/O
 *     completed (an iteration where it did not is run again, up to 3 times);
 *  2. it returned by itself and only once the I/O had completed
 *     (CLOCK_MONOTONIC).  The I/O's pages are released by the thread that
 *     waited for the bio, so both return within microseconds of each
 *     other; returning more than a quarter of the delay earlier counts as
 *     not waiting.  A truncate still asleep half a second after the I/O
 *     completed gets a signal (the fs sleeps interruptibly and then
 *     rechecks the page count): returning only after that counts as never
 *     woken;
 *  3. with kprobe events, dax_layout_busy_page_range() returned the busy
 *     page (a kretprobe, read from the trace buffer);
 *  4. a write carried A's content at submission to the device (read back
 *     with O_DIRECT), and B still holds what was written to it (an I/O
 *     into a block that B got would change it);
 *  5. the FOLL_PIN counters in /proc/vmstat: --pins pin (the converted
 *     kernel: block direct I/O pins) wants one pin per page, --pins ref
 *     (6.1: page references) none; acquired and released grow alike.
 * Truncate wait times are printed as min/median/max.  Output is TAP
 * (the kernel's kselftest.h).
 *
 *   daxtrunc [--pins pin|ref] [--iters N] [--delay-ms MS] [--size BYTES]
 *            [--label NAME] [--keep-filler] [--known unwoken|none] [--unmapped]
 *            DEVICE DIR
 *
 * DEVICE (its first --size bytes are overwritten) must delay every I/O by
 * --delay-ms; DIR is a directory on an fsdax-mounted file system.
 *
 * This file has the options, the cases and the checks with their TAP
 * lines; one iteration is in daxiter.c, the files in daxfile.c, the
 * kretprobe in daxprobe.c (daxtrunc.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daxtrunc.h"
#include "memkind.h"
#include "util.h"

struct dax_run dax = {
	.iters = 4,
	.delay_ms = 150,
	.size = 1UL << 20,
	.label = "dax",
	.grace_ms = 500,
	.dev_fd = -1,
};

static bool opt_keep_filler;
/*
 * --known unwoken: the kernel's bio release never wakes a truncate waiting
 * for the pages (docs/vm.md, finding 1): such a truncate, ended by the kick,
 * is an expected failure (XFAIL) instead of a failure, in the munmap()ed
 * cases too (with kernel/0010 they wait like the mapped ones).  A truncate
 * that returned before its I/O completed is never one.  --unmapped: also
 * run the cases whose buffer is munmap()ed before the truncate (finding 2:
 * no wait at all, a WARN and reused blocks on 6.1 without kernel/0010),
 * which the default run leaves out.
 */
static bool opt_known_unwoken;
static bool opt_unmapped;
#define UNWOKEN_WHY "known fault of this kernel: __bio_release_pages() drops the I/O's references with folio_put_refs(), which never calls wake_up_var(), so a truncate waiting in dax_layout_busy_page_range() sleeps until a signal (docs/vm.md, DAX finding 1)"
static int pin_iters, pin_nbad;
static long pin_acq_sum, pin_rel_sum;
static char pin_bad[512];

/* ---- a case: N iterations, then one TAP line per property ---- */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void run_case(const char *dir, const struct dcase *c)
{
	static struct iter its[MAX_ITERS];
	long long waits[MAX_ITERS], early_max = 0, slack = dax.delay_ms * 250;
	char name[160], bad[1400];
	int i, n = dax.iters, nwait = 0, nbusy = 0, nreuse = 0, ntries = 0;
	int nstuck = 0, nearly = 0;
	long long stuck_max = 0;
	bool setup_ok = true, io_ok = true, data_ok = true;
	long want = dax.pin ? (long)(dax.size / PAGE_SZ) : 0;
	struct iter *it;

	snprintf(name, sizeof(name), "%s %s, O_DIRECT %s%s", dax.label,
		 c->punch ? "punch-hole" : "truncate",
		 c->write ? "write from the DAX mapping" : "read into the DAX mapping",
		 c->unmap ? ", buffer munmap()ed before" : "");
	/* an iteration whose I/O was over before it was seen in flight
	 * says nothing: run it again (up to 3 times)
	 */
	for (i = 0; i < n; i++) {
		int try;

		for (try = 1; try <= 3; try++) {
			run_iter(dir, c, i, &its[i]);
			if (its[i].why[0] ||
			    its[i].t_done - its[i].t_tr0 >= dax.delay_ms * 250)
				break;
		}
		its[i].tries = try > 3 ? 3 : try;
		ntries += its[i].tries;
	}

	/* 1: the scenario happened: I/O in flight when the truncate began */
	bad[0] = '\0';
	for (i = 0; i < n; i++) {
		it = &its[i];
		if (it->why[0] && setup_ok) {
			setup_ok = false;
			snprintf(bad, sizeof(bad), "iteration %d: %s", i, it->why);
		}
		if (it->io_ret != (ssize_t)dax.size || it->tr_err ||
		    it->t_done - it->t_tr0 < dax.delay_ms * 250) {
			if (io_ok && setup_ok)
				snprintf(bad, sizeof(bad),
					 "iteration %d: I/O returned %zd (%s), %s returned %s, started %.1f ms before the I/O completed (at least %ld needed)",
					 i, it->io_ret, strerror(it->io_err),
					 c->punch ? "fallocate" : "ftruncate",
					 strerror(it->tr_err),
					 (it->t_done - it->t_tr0) / 1000.0,
					 dax.delay_ms / 4);
			io_ok = false;
		}
	}
	/* a TAP line only when it did not (fewer lines: the importers are slow) */
	if (setup_ok && io_ok)
		ksft_print_msg("%s: %d iterations (%d runs), %zu KiB each, %s started at least a quarter of the dm-delay (%ld ms) before the I/O completed\n",
		     name, n, ntries, dax.size >> 10,
		     c->punch ? "punch" : "truncate", dax.delay_ms);
	else
		ksft_test_result(false, "%s: %d iterations (%d runs): %s\n",
			   name, n, ntries, bad);
	if (!setup_ok)
		return;

	/*
	 * 2: it returned only once the I/O had completed, and by itself: a
	 * truncate still asleep long after the I/O released its pages was
	 * never woken, and only the kick (EINTR) ended its wait
	 */
	for (i = 0; i < n; i++) {
		it = &its[i];
		it->intr |= it->kicked;
		waits[i] = (it->intr ? it->t_intr : it->t_tr1) - it->t_tr0;
		if (it->intr) {
			nstuck++;
			if (it->t_intr - it->t_done > stuck_max)
				stuck_max = it->t_intr - it->t_done;
		} else if (it->t_done - it->t_tr1 > slack) {
			nearly++;
			if (it->t_done - it->t_tr1 > early_max)
				early_max = it->t_done - it->t_tr1;
		} else {
			nwait++;
		}
	}
	qsort(waits, n, sizeof(waits[0]), cmp_ll);
	ksft_print_msg("%s: %s waited min %.1f median %.1f max %.1f ms (I/O delay %ld ms%s)\n",
	     name, c->punch ? "punch" : "truncate", waits[0] / 1000.0,
	     waits[n / 2] / 1000.0, waits[n - 1] / 1000.0, dax.delay_ms,
	     nstuck ? "; waits ended by a signal count until the signal" : "");
	for (i = 0; i < n; i++)
		ksft_print_msg("%s: iteration %d: I/O submitted +0, %s at +%.1f, returned +%.1f%s, I/O completed +%.1f ms\n",
		     name, i, c->punch ? "punch" : "truncate",
		     (its[i].t_tr0 - its[i].t_sub) / 1000.0,
		     (its[i].t_tr1 - its[i].t_sub) / 1000.0,
		     its[i].intr ? " (after a signal)" : "",
		     (its[i].t_done - its[i].t_sub) / 1000.0);
	bad[0] = '\0';
	if (nearly)
		snprintf(bad, sizeof(bad),
			 "; returned before the I/O completed in %d (up to %.1f ms early): blocks freed under in-flight DMA",
			 nearly, early_max / 1000.0);
	if (nstuck)
		snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
			 "; never woken in %d: still asleep %.1f ms after the I/O had released its pages, returned only after a signal",
			 nstuck, stuck_max / 1000.0);
	if (nwait < n && opt_known_unwoken && !nearly) {
		char desc[1600];

		snprintf(desc, sizeof(desc), "%s: returned by itself only after the I/O completed in %d of %d iterations%s",
			 name, nwait, n, bad);
		tap_xfail(desc, UNWOKEN_WHY);
	} else {
		ksft_test_result(nwait == n, "%s: returned by itself only after the I/O completed in %d of %d iterations%s\n",
				 name, nwait, n, bad);
	}

	/* 3: the mechanism: dax_layout_busy_page_range() saw the page */
	if (probe_is_on()) {
		long long calls = 0, found = 0;

		for (i = 0; i < n; i++) {
			calls += its[i].busy_calls;
			found += its[i].busy_found;
			nbusy += its[i].busy_found > 0;
		}
		ksft_test_result(nbusy == n,
			   "%s: dax_layout_busy_page_range() returned the busy page in %d of %d iterations (%lld calls, %lld non-NULL)\n",
			   name, nbusy, n, calls, found);
	} else {
		tap_skip(name, "no kretprobe on dax_layout_busy_page_range()");
	}

	/* 4: data: what the write carried, and the new file untouched */
	bad[0] = '\0';
	for (i = 0; i < n; i++) {
		it = &its[i];
		nreuse += it->overlap > 0;
		if (it->disk_bad || it->b_bad || it->b_err) {
			if (data_ok)
				snprintf(bad, sizeof(bad),
					 ": iteration %d: %zu bytes on the device differ from the file at submission, new file %zu bytes differ%s%s",
					 i, it->disk_bad, it->b_bad,
					 it->b_err ? ", new file: " : "",
					 it->b_err ? strerror(it->b_err) : "");
			data_ok = false;
		}
	}
	ksft_test_result(data_ok, "%s: %snew file written after the %s intact%s\n",
		   name, c->write ? "device got the file's content at submission, " : "",
		   c->punch ? "punch" : "truncate", bad);
	ksft_print_msg("%s: the new file got blocks the I/O buffer had in %d of %d iterations (%llu KiB in the last)\n",
	     name, nreuse, n, (unsigned long long)its[n - 1].overlap >> 10);

	/* 5: pins, summed up over all cases in main() */
	for (i = 0; i < n; i++) {
		it = &its[i];
		pin_iters++;
		pin_acq_sum += it->pin_acq;
		pin_rel_sum += it->pin_rel;
		if ((dax.pin ? it->pin_acq < want : it->pin_acq != 0) ||
		    it->pin_acq != it->pin_rel) {
			if (!pin_bad[0])
				snprintf(pin_bad, sizeof(pin_bad), " (%s, iteration %d: acquired +%ld, released +%ld)",
					 name, i, it->pin_acq, it->pin_rel);
			pin_nbad++;
		}
	}
}

static void print_usage(void)
{
	fprintf(stderr, "usage: daxtrunc [--pins pin|ref] [--iters N] [--delay-ms MS] [--size BYTES] [--label NAME] [--keep-filler] [--known unwoken|none] [--unmapped] DEVICE DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const struct opt opts[] = {
		OPT_CHOICE("pins", &dax.pin, "ref", "pin"),
		OPT_INT("iters", &dax.iters, 1, MAX_ITERS),
		OPT_LONG("delay-ms", &dax.delay_ms, 10, LONG_MAX),
		/* one bio: block/fops.c's simple path, all pages held before submission */
		OPT_BYTES("size", &dax.size, PAGE_SZ, 1UL << 20),
		OPT_STRING("label", &dax.label),
		OPT_FLAG("keep-filler", &opt_keep_filler),
		OPT_CHOICE("known", &opt_known_unwoken, "none", "unwoken"),
		OPT_FLAG("unmapped", &opt_unmapped),
		{ }
	};
	static const struct dcase cases[] = {
		{ false, false, false }, { true, false, false },
		{ false, true, false }, { true, true, false },
		{ false, false, true }, { true, false, true },
		{ false, true, true }, { true, true, true },
	};
	struct sigaction sa = { .sa_handler = on_kick };
	struct stat st;
	size_t i;

	if (parse_options(argc, argv, opts) || optind != argc - 2)
		print_usage();
	tap_start();
	dax.dev_fd = open(argv[optind], O_RDWR | O_DIRECT);
	if (dax.dev_fd < 0 || fstat(dax.dev_fd, &st) || !S_ISBLK(st.st_mode)) {
		ksft_test_result_fail("open %s O_DIRECT (a block device): %s\n",
				      argv[optind], strerror(errno));
		tap_finish();
	}
	if (posix_memalign((void **)&dax.bounce, PAGE_SZ, dax.size)) {
		ksft_test_result_fail("posix_memalign\n");
		tap_finish();
	}
	/* no SA_RESTART: a kicked truncate returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	dax.trunc_thread = pthread_self();
	probe_setup();
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (!cases[i].unmap || opt_unmapped)
			run_case(argv[optind + 1], &cases[i]);
	ksft_test_result(pin_iters && !pin_nbad,
		   "%s: FOLL_PIN %s, acquired = released, in %d of %d iterations (acquired +%ld, released +%ld in all)%s\n",
		   dax.label, dax.pin ? "pins taken, one per page at least (block direct I/O pins: converted kernel)" :
		   "not used (6.1 block direct I/O takes page references)",
		   pin_iters - pin_nbad, pin_iters, pin_acq_sum, pin_rel_sum,
		   pin_bad);
	probe_remove();
	progress("all cases done");
	filler_close(argv[optind + 1], opt_keep_filler);
	close(dax.dev_fd);
	progress("filler closed");
	tap_finish();
	return 0;
}
