// SPDX-License-Identifier: GPL-2.0
/*
 * sgiotest - SG_IO (SCSI passthrough) reads and writes from user memory
 * through block/blk-map.c, on both of its paths:
 *  - mapped: a page-aligned buffer; blk_rq_map_user_iov() maps the user
 *    pages into the bio (bio_map_user_iov(): page references on 6.1, FOLL_PIN
 *    pins once converted: rules.md "bio");
 *  - copied: a buffer one byte off its alignment; iov_iter_alignment() &
 *    queue_dma_alignment() is non-zero, so bio_copy_user_iov() bounces the
 *    data through kernel pages and takes no reference on user pages.
 * Every transfer's data is checked, and the FOLL_PIN counters in /proc/vmstat
 * must move by the expected amount (--pins pin: the mapped path pins and
 * unpins one per page; ref: no pin; the copied path never pins).  When tracefs
 * kprobes are available the path blk-map took is checked too.
 * Output is TAP (kselftest style).
 *
 *   sgiotest [--pins pin|ref] [--size BYTES] DEVICE
 *
 * DEVICE is a SCSI disk (/dev/sdX or /dev/sgN) whose first --size bytes
 * (128 KiB) are overwritten.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <scsi/sg.h>

#include "memkind.h"
#include "util.h"

#define TRACING		"/sys/kernel/tracing"
#define SECTOR		512

static bool opt_pin;
static size_t opt_size = 128UL << 10;

/*
 * A kprobe on bio_map_user_iov(), the mapped path (6.1 inlines its static
 * sibling bio_copy_user_iov(), and lib/iov_iter.c is notrace): it must run
 * for the aligned buffer and must not for the misaligned one.
 */
static const char * const probe_fn[] = { "bio_map_user_iov" };
static bool probe_ok[ARRAY_SIZE(probe_fn)];
static int nprobes;

static int probe_event(const char *fmt, const char *fn)
{
	char buf[128];
	int fd, n, ret = 0;

	fd = open(TRACING "/kprobe_events", O_WRONLY | O_APPEND);
	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), fmt, fn, fn);
	if (write(fd, buf, n) != n)
		ret = -1;
	close(fd);
	return ret;
}

static void probes_setup(void)
{
	size_t i;

	if (access(TRACING "/kprobe_events", W_OK)) {
		/* pinconv's test kernels: KPROBES needs MODULES in 6.1 */
		ksft_test_result_skip("kprobe on blk-map's mapped path: no %s/kprobe_events (%s): the kernel has no CONFIG_KPROBE_EVENTS\n",
				      TRACING, strerror(errno));
		return;
	}
	for (i = 0; i < ARRAY_SIZE(probe_fn); i++) {
		probe_ok[i] = !probe_event("p:sgiotest/%s %s\n", probe_fn[i]);
		nprobes += probe_ok[i];
	}
	/* a kprobe event is armed, and counts hits, only once enabled */
	if (nprobes && write_str(TRACING "/events/sgiotest/enable", "1"))
		nprobes = 0;
	ksft_test_result(nprobes > 0,
			 "kprobe on blk-map's mapped path (%d of %zu found)\n",
			 nprobes, ARRAY_SIZE(probe_fn));
}

static void probes_remove(void)
{
	size_t i;

	if (nprobes)
		write_str(TRACING "/events/sgiotest/enable", "0");
	for (i = 0; i < ARRAY_SIZE(probe_fn); i++)
		if (probe_ok[i] && probe_event("-:sgiotest/%s%.0s\n", probe_fn[i]))
			ksft_print_msg("removing kprobe %s: %s\n", probe_fn[i], strerror(errno));
}

/* hits of all probes so far, or -1 */
static long probe_hits(void)
{
	char line[256], name[128];
	long hits, miss, sum = 0;
	size_t i;
	FILE *f;

	if (!nprobes)
		return -1;
	f = fopen(TRACING "/kprobe_profile", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		for (i = 0; i < ARRAY_SIZE(probe_fn); i++)
			if (probe_ok[i] &&
			    sscanf(line, "%127s %ld %ld", name, &hits, &miss) == 3 &&
			    !strcmp(name, probe_fn[i]))
				sum += hits;
	fclose(f);
	return sum;
}

/* READ(10) or WRITE(10) of len bytes at LBA 0 from/to buf; 0 or -1 */
static int sg_rw(int fd, bool write, uint8_t *buf, size_t len, char *why,
		 size_t wlen)
{
	uint32_t blocks = len / SECTOR;
	uint8_t cdb[10] = { write ? 0x2a : 0x28, 0, 0, 0, 0, 0, 0,
			    blocks >> 8, blocks & 0xff, 0 };
	uint8_t sense[32];
	struct sg_io_hdr h;

	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	h.dxfer_direction = write ? SG_DXFER_TO_DEV : SG_DXFER_FROM_DEV;
	h.cmd_len = sizeof(cdb);
	h.cmdp = cdb;
	h.dxfer_len = len;
	h.dxferp = buf;
	h.mx_sb_len = sizeof(sense);
	h.sbp = sense;
	h.timeout = 60000;
	if (ioctl(fd, SG_IO, &h)) {
		snprintf(why, wlen, "ioctl(SG_IO): %s", strerror(errno));
		return -1;
	}
	if (h.status || h.host_status || h.driver_status || h.resid) {
		snprintf(why, wlen,
			 "status 0x%x host 0x%x driver 0x%x resid %d sense key 0x%x",
			 h.status, h.host_status, h.driver_status, h.resid,
			 h.sb_len_wr > 2 ? sense[2] & 0xf : 0);
		return -1;
	}
	return 0;
}

/*
 * One SG_IO transfer from/to @buf on path @mapped; checks the status, the
 * pin counter deltas and (with kprobes) the blk-map function that ran.
 */
static int one_io(int fd, bool write, bool mapped, uint8_t *buf, size_t len)
{
	const char *what = write ? "WRITE(10)" : "READ(10)";
	const char *path = mapped ? "mapped" : "copied";
	long acq0, rel0, acq1, rel1, want, h0, h1;
	char why[256] = "";
	int ret;

	h0 = probe_hits();
	foll_pin_counters(&acq0, &rel0);
	ret = sg_rw(fd, write, buf, len, why, sizeof(why));
	foll_pin_counters(&acq1, &rel1);
	h1 = probe_hits();
	ksft_test_result(!ret, "SG_IO %s of %zu bytes, %s path (buffer at page offset %lu)%s%s\n",
			 what, len, path, (unsigned long)buf % PAGE_SZ,
			 ret ? ": " : "", why);
	if (ret)
		return -1;
	/* one pin per page the buffer spans, on the mapped path only */
	want = mapped && opt_pin ? (long)(len / PAGE_SZ) : 0;
	ksft_test_result(acq1 - acq0 == want && rel1 - rel0 == want,
			 "SG_IO %s, %s path: FOLL_PIN pinned %ld and released %ld (expected %ld: %s)\n",
			 what, path, acq1 - acq0, rel1 - rel0, want,
			 !mapped ? "bounce pages, no user page held" :
			 opt_pin ? "bio_map_user_iov() pins (converted)" :
			 "bio_map_user_iov() takes page references (FOLL_GET)");
	if (h0 >= 0 && h1 >= 0)
		ksft_test_result(mapped ? h1 > h0 : h1 == h0,
				 "SG_IO %s took the %s path: %ld calls to bio_map_user_iov() (expected %s)\n",
				 what, path, h1 - h0, mapped ? "1 or more" : "0");
	return 0;
}

/*
 * write @seed's pattern from @w on one path (@w_mapped: the mapped one),
 * read it back into @r on the other, and compare
 */
static void round_trip(int fd, uint8_t *w, bool w_mapped, uint8_t *r,
		       size_t len, unsigned int seed)
{
	size_t bad, first;

	fill(w, len, seed);
	memset(r, 0, len);
	if (one_io(fd, true, w_mapped, w, len) ||
	    one_io(fd, false, !w_mapped, r, len))
		return;
	bad = check(r, len, seed, &first);
	ksft_test_result(!bad, "data written on the %s path reads back on the %s path (%zu bytes differ)\n",
			 w_mapped ? "mapped" : "copied",
			 w_mapped ? "copied" : "mapped", bad);
}

static void print_usage(void)
{
	fprintf(stderr, "usage: sgiotest [--pins pin|ref] [--size BYTES] DEVICE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const struct opt opts[] = {
		OPT_CHOICE("pins", &opt_pin, "ref", "pin"),
		OPT_BYTES("size", &opt_size, PAGE_SZ, 1UL << 20),
		{ }
	};
	size_t len, bad, first;
	uint8_t *area, *al, *un;
	int fd, dfd;

	if (parse_options(argc, argv, opts) || optind != argc - 1)
		print_usage();
	len = opt_size;
	tap_start();
	fd = open(argv[optind], O_RDWR);
	if (fd < 0) {
		ksft_test_result_fail("open %s: %s\n", argv[optind], strerror(errno));
		tap_finish();
	}
	/* two page-aligned areas; the copied path's buffer starts 1 byte in */
	area = mmap(NULL, 2 * len + PAGE_SZ, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED) {
		ksft_test_result_fail("mmap: %s\n", strerror(errno));
		tap_finish();
	}
	al = area;
	un = area + len + PAGE_SZ + 1;
	probes_setup();

	/* mapped write, copied read back; copied write, mapped read back */
	round_trip(fd, al, true, un, len, 0x21);
	round_trip(fd, un, false, al, len, 0x37);
	/* and the disk really holds it: O_DIRECT, past the bdev page cache */
	dfd = open(argv[optind], O_RDONLY | O_DIRECT);
	memset(al, 0, len);
	if (dfd >= 0 && pread(dfd, al, len, 0) == (ssize_t)len) {
		bad = check(al, len, 0x37, &first);
		ksft_test_result(!bad, "O_DIRECT pread() of %s sees the SG_IO-written data (%zu bytes differ)\n",
				 argv[optind], bad);
	} else {
		ksft_test_result(false, "O_DIRECT pread() of %s: %s\n", argv[optind],
				 strerror(errno));
	}
	if (dfd >= 0)
		close(dfd);
	probes_remove();
	close(fd);
	tap_finish();
}
