// SPDX-License-Identifier: GPL-2.0
/*
 * Page cache under writeback and its page flags (see pagecache.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "memkind.h"
#include "pagecache.h"
#include "util.h"

#define KPF_COMPOUND_TAIL	16
#define PM_PRESENT		(1ULL << 63)
#define PM_PFN_MASK		((1ULL << 55) - 1)

int pages_ok(const uint8_t *buf, size_t len, unsigned int seed)
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

void syncer_start(struct syncer *sy, int fd)
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

long syncer_stop(struct syncer *sy)
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

static const char * const wb_sysctls[WB_NR_SYSCTLS] = {
	"/proc/sys/vm/dirty_writeback_centisecs",
	"/proc/sys/vm/dirty_expire_centisecs",
};

void wb_sysctls_set(char saved[WB_NR_SYSCTLS][32], bool restore)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wb_sysctls); i++) {
		if (!restore && read_line(wb_sysctls[i], saved[i], 32))
			saved[i][0] = '\0';
		if (saved[i][0])
			write_str(wb_sysctls[i], restore ? saved[i] : "10");
	}
}

int wb_create(const char *path, size_t len, unsigned int seed, uint8_t *buf)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	fill(buf, len, seed);
	if (fd >= 0 && (write_all(fd, buf, len) || fsync(fd))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

void drop_page_cache(void)
{
	if (write_str("/proc/sys/vm/drop_caches", "3\n"))
		ksft_print_msg("writing /proc/sys/vm/drop_caches: %s\n", strerror(errno));
}

static int kpageflags(int fd, uint64_t pfn, uint64_t *flags)
{
	return pread(fd, flags, 8, pfn * 8) == 8 ? 0 : -1;
}

int pages_with(const uint8_t *addr, size_t npages, uint64_t mask)
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

int pages_dirty(const uint8_t *addr, size_t npages)
{
	return pages_with(addr, npages, 1ULL << KPF_DIRTY);
}
