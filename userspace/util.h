/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by pinconv's userspace tests: TAP output, /proc/vmstat
 * FOLL_PIN counters and reading the kernel log from /dev/kmsg.
 */
#ifndef PINCONV_UTIL_H
#define PINCONV_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PC_ATTR(x)	__attribute__((x))
#ifndef __printf
#define __printf(a, b)	PC_ATTR(format(printf, a, b))
#endif

extern int tap_n;
extern int tap_failed;

__printf(2, 3)
void tap_result(bool ok, const char *fmt, ...);
void tap_skip(const char *desc, const char *reason);
__printf(1, 2)
void diag(const char *fmt, ...);
/* prints the late plan; returns the exit status (1 if anything failed) */
int tap_end(void);

long now_ms(void);

/*
 * nr_foll_pin_acquired and nr_foll_pin_released from /proc/vmstat, after
 * folding the per-cpu deltas (/proc/sys/vm/stat_refresh); 0 or -1.
 */
int foll_pin_counters(long *acquired, long *released);
/* acquired - released, or -1 when the counters are missing */
long pins_outstanding(void);
/* wait until pins_outstanding() returns to @want (up to 5 s) */
long pins_wait_for(long want);

/* write a short string to a /proc/sys file; 0 or -1 */
int write_str(const char *path, const char *s);
/* read the first line of a file into buf (newline stripped); 0 or -1 */
int read_line(const char *path, char *buf, size_t len);

/*
 * /dev/kmsg reader.  kmsg_open(false) starts at the end of the log (only
 * records logged from now on), kmsg_open(true) at the oldest record kept.
 * kmsg_next() stores the next record's text (its first line, without the
 * "prio,seq,ts,flags;" prefix) in buf and returns 1, or returns 0 when
 * there is no record yet.
 */
struct kmsg {
	int fd;
};

int kmsg_open(struct kmsg *k, bool from_start);
int kmsg_next(struct kmsg *k, char *buf, size_t len);
void kmsg_close(struct kmsg *k);

#endif /* PINCONV_UTIL_H */
