// SPDX-License-Identifier: GPL-2.0
/*
 * uringtest - what does the running kernel do with the long-term pins taken
 * by io_uring_register_buffers() (fixed buffers) on each kind of memory of
 * the MR matrix?
 *
 * For every CASE it maps the memory read-write (memkind.c, the same set-up
 * as mrtest), registers it as one fixed buffer, compares the outcome with the
 * io_uring columns of the expectation table in memkind.c and checks the
 * FOLL_PIN accounting in /proc/vmstat:
 *  - registered: the buffer holds one pin per page; IORING_OP_READ_FIXED of
 *    a file into it and IORING_OP_WRITE_FIXED from it move the right bytes;
 *    io_uring_unregister_buffers() releases every pin, and so does SIGKILL of
 *    a child that registered the same memory;
 *  - refused: the registration left no pin behind, and pinned (then released)
 *    exactly the pages gup let it pin before io_uring's own file check.
 * Output is TAP (kselftest style).
 *
 *   uringtest [--expect stock|patched] [--size BYTES] [--io-file PATH] CASE...
 *
 * CASE: anon, shmem, hugetlb, ext4:DIR, xfs:DIR, ext4dax:DIR, xfsdax:DIR,
 * devdax:/dev/daxX.Y
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
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <liburing.h>

#include "memkind.h"
#include "util.h"

static bool opt_patched;
static size_t opt_size = 4UL << 20;
static const char *opt_io_file = "/tmp/uringtest-io.dat";

static const char *errname(int err)
{
	switch (err) {
	case 0:
		return "registered";
	case EFAULT:
		return "EFAULT";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case EINVAL:
		return "EINVAL";
	case ENOMEM:
		return "ENOMEM";
	default:
		return strerror(err);
	}
}

/* one fixed-buffer read or write of len bytes at file offset 0; bytes or -errno */
static int fixed_io(struct io_uring *ring, bool write, int fd, uint8_t *buf,
		    size_t len)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int ret;

	if (!sqe)
		return -EBUSY;
	if (write)
		io_uring_prep_write_fixed(sqe, fd, buf, len, 0, 0);
	else
		io_uring_prep_read_fixed(sqe, fd, buf, len, 0, 0);
	ret = io_uring_submit(ring);
	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	ret = io_uring_wait_cqe(ring, &cqe);
	if (ret)
		return ret;
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

/*
 * READ_FIXED of a file holding pattern 0x33 into the buffer, then
 * WRITE_FIXED of pattern 0x44 from the buffer into the file; data checked on
 * both sides (the CPU's view of the mapping, pread() of the file).
 */
static void data_rounds(struct io_uring *ring, struct mem *m, const char *tag)
{
	size_t len = m->len, bad, first;
	uint8_t *fbuf = malloc(len);
	int fd, ret;

	fd = open(opt_io_file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !fbuf) {
		ksft_test_result(false, "%s: io file %s: %s\n", tag, opt_io_file,
				 strerror(errno));
		goto out;
	}
	fill(fbuf, len, 0x33);
	if (write_all(fd, fbuf, len)) {
		ksft_test_result(false, "%s: write %s: %s\n", tag, opt_io_file,
				 strerror(errno));
		goto out;
	}
	memset(m->addr, 0, len);
	ret = fixed_io(ring, false, fd, m->addr, len);
	bad = ret == (int)len ? check(m->addr, len, 0x33, &first) : len;
	ksft_test_result(ret == (int)len && !bad,
			 "%s: IORING_OP_READ_FIXED of %zu bytes into the buffer (%d, %zu bytes differ)\n",
			 tag, len, ret, bad);
	if (bad && ret == (int)len)
		ksft_print_msg("first difference at byte %zu\n", first);

	fill(m->addr, len, 0x44);
	ret = fixed_io(ring, true, fd, m->addr, len);
	memset(fbuf, 0, len);
	if (ret == (int)len && pread(fd, fbuf, len, 0) != (ssize_t)len)
		ret = -errno;
	bad = ret == (int)len ? check(fbuf, len, 0x44, &first) : len;
	ksft_test_result(ret == (int)len && !bad,
			 "%s: IORING_OP_WRITE_FIXED of %zu bytes from the buffer (%d, %zu bytes differ in the file)\n",
			 tag, len, ret, bad);
	if (bad && ret == (int)len)
		ksft_print_msg("first difference at byte %zu\n", first);
out:
	if (fd >= 0) {
		close(fd);
		unlink(opt_io_file);
	}
	free(fbuf);
}

/* child side of the SIGKILL check: register the same memory in a ring */
static int hold_ring(void *p)
{
	struct mem *m = p;
	struct iovec iov = { m->addr, m->len };
	struct io_uring ring;

	if (io_uring_queue_init(8, &ring, 0))
		return -1;
	return io_uring_register_buffers(&ring, &iov, 1);
}

/* a child registers the same memory and is SIGKILLed while holding it */
static void case_sigkill(struct mem *m, const char *tag, long base, long want)
{
	long held, after;
	int ret;

	ret = pins_after_sigkill(hold_ring, m, base, &held, &after);
	if (ret < 0) {
		ksft_test_result(false, "%s: pipe or fork for the SIGKILL check: %s\n",
				 tag, strerror(errno));
		return;
	}
	if (ret) {
		ksft_test_result(false, "%s: child registered the buffer before SIGKILL\n", tag);
		return;
	}
	ksft_test_result(held == want && after == 0,
			 "%s: SIGKILL of a child holding the registration releases its pins (held %+ld, expected %+ld; %+ld after)\n",
			 tag, held, want, after);
}

static void run_case(const struct kind_info *k, const char *arg)
{
	const struct expect_row *row = expect_find(k->name, true);
	long npages = opt_size / PAGE_SZ, want_pins = npages * k->pin_per_page;
	long acq0, rel0, acq1, rel1, base, held, after;
	int want, mr_want, got, ret;
	struct io_uring ring;
	struct iovec iov;
	struct mem m;
	char tag[64];

	snprintf(tag, sizeof(tag), "%s rw", k->name);
	if (!row) {
		ksft_test_result(false, "%s: no row in the expectation table\n", tag);
		return;
	}
	want = opt_patched ? row->uring_patched : row->uring_stock;
	mr_want = opt_patched ? row->patched : row->stock;
	memset(&m, 0, sizeof(m));
	m.kind = k;
	m.writable = true;
	m.len = opt_size;
	if (mem_setup_tap(&m, arg, tag))
		return;
	ret = io_uring_queue_init(8, &ring, 0);
	if (ret) {
		ksft_test_result(false, "%s: io_uring_queue_init: %s\n", tag, strerror(-ret));
		mem_close(&m);
		return;
	}
	iov.iov_base = m.addr;
	iov.iov_len = m.len;
	base = pins_outstanding();
	if (foll_pin_counters(&acq0, &rel0)) {
		ksft_test_result(false, "%s: /proc/vmstat pin counters\n", tag);
		goto out;
	}
	ret = io_uring_register_buffers(&ring, &iov, 1);
	got = ret < 0 ? -ret : 0;
	ksft_test_result(got == want,
			 "%s: io_uring_register_buffers() of %s (%zu KiB): %s (expected %s, %s kernel)\n",
			 tag, k->label, m.len >> 10, errname(got), errname(want),
			 opt_patched ? "patched" : "stock");
	if (got) {
		long pinned;

		foll_pin_counters(&acq1, &rel1);
		after = pins_wait_for(base) - base;
		/*
		 * gup pins a writable mapping for io_uring exactly when it
		 * does for an MR (same FOLL_WRITE | FOLL_LONGTERM): then
		 * io_pin_pages() refused afterwards and unpinned every page
		 */
		pinned = got == want && mr_want == 0 ? want_pins : 0;
		ksft_test_result(after == 0 && acq1 - acq0 == pinned &&
				 rel1 - rel0 == pinned,
				 "%s: refused registration leaves no pin (%+ld outstanding; pinned %ld, released %ld, expected %ld: %s)\n",
				 tag, after, acq1 - acq0, rel1 - rel0, pinned,
				 pinned ? "gup pinned, io_uring's file check refused" :
				 "gup refused");
		goto out;
	}
	held = pins_outstanding() - base;
	ksft_test_result(held == want_pins,
			 "%s: registered buffer holds %+ld pins (expected %+ld)\n",
			 tag, held, want_pins);
	data_rounds(&ring, &m, tag);
	ret = io_uring_unregister_buffers(&ring);
	after = pins_wait_for(base) - base;
	ksft_test_result(ret == 0 && after == 0,
			 "%s: io_uring_unregister_buffers() releases every pin (%d, %+ld after)\n",
			 tag, ret, after);
	case_sigkill(&m, tag, base, want_pins);
out:
	io_uring_queue_exit(&ring);
	mem_close(&m);
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: uringtest [--expect stock|patched] [--size BYTES] [--io-file PATH] CASE...\n"
		"CASE: anon shmem hugetlb ext4:DIR xfs:DIR ext4dax:DIR xfsdax:DIR devdax:DEV\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const struct opt opts[] = {
		OPT_CHOICE("expect", &opt_patched, "stock", "patched"),
		/* hugetlb and devdax need 2 MiB units */
		OPT_BYTES("size", &opt_size, 2UL << 20, 0),
		OPT_STRING("io-file", &opt_io_file),
		{ }
	};
	int i;

	if (parse_options(argc, argv, opts))
		print_usage();
	if (optind >= argc)
		print_usage();
	mem_prefix = "uringtest";
	tap_start();
	for (i = optind; i < argc; i++) {
		char *name = strdup(argv[i]), *arg = strchr(name, ':');
		const struct kind_info *k;

		if (arg)
			*arg++ = '\0';
		k = find_kind(name);
		if (!k || (!arg && (k->type == MEM_FILE || k->type == MEM_DEVDAX)))
			print_usage();
		run_case(k, arg);
		free(name);
	}
	tap_finish();
}
