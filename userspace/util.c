// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by pinconv's userspace tests (see util.h): /proc/vmstat
 * FOLL_PIN counters, the SIGKILL check, long options from a table and
 * reading the kernel log from /dev/kmsg.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
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

/* an option's argument into its variable; 0, or -1 when out of range */
static int opt_set(const struct opt *o, const char *arg)
{
	size_t *bytes = o->val;
	long v;

	switch (o->kind) {
	case OPT_KIND_FLAG:
		*(bool *)o->val = true;
		return 0;
	case OPT_KIND_CHOICE:
		if (strcmp(arg, o->no) && strcmp(arg, o->yes))
			return -1;
		*(bool *)o->val = !strcmp(arg, o->yes);
		return 0;
	case OPT_KIND_STRING:
		*(const char **)o->val = arg;
		return 0;
	case OPT_KIND_INT:
		v = atoi(arg);
		*(int *)o->val = v;
		return v < o->min || v > o->max ? -1 : 0;
	case OPT_KIND_LONG:
		v = atol(arg);
		*(long *)o->val = v;
		return v < o->min || v > o->max ? -1 : 0;
	case OPT_KIND_BYTES:
		*bytes = strtoul(arg, NULL, 0);
		return !*bytes || *bytes % o->unit ||
		       (o->max && *bytes > (size_t)o->max) ? -1 : 0;
	case OPT_KIND_END:
	case OPT_KIND_INCLUDE:
		break;
	}
	return -1;
}

#define OPTS_MAX	16
/* getopt_long()'s value for the table's entry i: OPT_VAL0 + i */
#define OPT_VAL0	256

/*
 * index the entries of @t (and of the tables it includes) in @at and
 * getopt_long()'s @lo from @n on; the new count, or -1 when over OPTS_MAX
 */
static int opts_index(const struct opt *t, const struct opt **at,
		      struct option *lo, int n)
{
	for (; t->kind != OPT_KIND_END && n >= 0; t++) {
		if (t->kind == OPT_KIND_INCLUDE) {
			n = opts_index(t->val, at, lo, n);
			continue;
		}
		if (n == OPTS_MAX)
			return -1;
		at[n] = t;
		lo[n].name = t->name;
		lo[n].has_arg = t->kind == OPT_KIND_FLAG ? no_argument :
				required_argument;
		lo[n].val = OPT_VAL0 + n;
		n++;
	}
	return n;
}

int parse_options(int argc, char **argv, const struct opt *opts)
{
	struct option lo[OPTS_MAX + 1];
	const struct opt *at[OPTS_MAX];
	int c;

	memset(lo, 0, sizeof(lo));
	if (opts_index(opts, at, lo, 0) < 0) {
		fprintf(stderr, "%s: more than %d options\n", __func__, OPTS_MAX);
		return -1;
	}
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1)
		if (c < OPT_VAL0 || opt_set(at[c - OPT_VAL0], optarg))
			return -1;
	return 0;
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
