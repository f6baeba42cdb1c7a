// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by pinconv's userspace tests (see util.h): /proc/vmstat
 * FOLL_PIN counters, the SIGKILL check and reading the kernel log from
 * /dev/kmsg.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "util.h"

long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

long now_ms(void)
{
	return now_us() / 1000;
}

int write_str_flags(const char *path, const char *s, int oflags)
{
	size_t len = strlen(s);
	int fd, ret = 0;

	fd = open(path, O_WRONLY | oflags);
	if (fd < 0)
		return -1;
	if (write(fd, s, len) != (ssize_t)len)
		ret = -1;
	close(fd);
	return ret;
}

int write_str(const char *path, const char *s)
{
	return write_str_flags(path, s, 0);
}

int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char *nl;

	if (!f)
		return -1;
	if (!fgets(buf, len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

int foll_pin_counters(long *acquired, long *released)
{
	long acq = -1, rel = -1, v;
	char name[64];
	FILE *f;

	/* fold the per-cpu counter deltas so that the numbers are exact;
	 * may fail with EINVAL on negative per-cpu drift: harmless
	 */
	write_str("/proc/sys/vm/stat_refresh", "1\n");
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &v) == 2) {
		if (!strcmp(name, "nr_foll_pin_acquired"))
			acq = v;
		else if (!strcmp(name, "nr_foll_pin_released"))
			rel = v;
	}
	fclose(f);
	if (acq < 0 || rel < 0)
		return -1;
	*acquired = acq;
	*released = rel;
	return 0;
}

long pins_outstanding(void)
{
	long acq, rel;

	if (foll_pin_counters(&acq, &rel))
		return -1;
	return acq - rel;
}

long pins_wait_for(long want)
{
	long t0 = now_ms(), cur;

	for (;;) {
		cur = pins_outstanding();
		if (cur == want || now_ms() - t0 > 5000)
			return cur;
		usleep(50000);
	}
}

int pins_after_sigkill(int (*hold)(void *arg), void *arg, long base,
		       long *held, long *after)
{
	int p[2], status, err;
	char c = 0;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(p[0]);
		close(p[1]);
		errno = err;
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		c = hold(arg) ? 'f' : 'h';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		c = 0;
	close(p[0]);
	*held = pins_outstanding() - base;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	*after = pins_wait_for(base) - base;
	return c == 'h' ? 0 : 1;
}

int kmsg_open(struct kmsg *k, bool from_start)
{
	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0)
		return -1;
	/* a new reader starts at the oldest record; SEEK_END skips them all */
	if (!from_start && lseek(k->fd, 0, SEEK_END) < 0) {
		close(k->fd);
		k->fd = -1;
		return -1;
	}
	return 0;
}

int kmsg_next(struct kmsg *k, char *buf, size_t len)
{
	char rec[8192], *text, *nl;
	ssize_t n;

	if (k->fd < 0)
		return 0;
	for (;;) {
		n = read(k->fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten while we read: go on */
		if (n <= 0)
			return 0;
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		snprintf(buf, len, "%s", text);
		return 1;
	}
}

void kmsg_close(struct kmsg *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}
