// SPDX-License-Identifier: GPL-2.0
/*
 * daxtrunc's evidence of the mechanism (see daxtrunc.h): a kretprobe on
 * dax_layout_busy_page_range(), whose non-NULL returns in the trace buffer
 * say that the file system saw the page the I/O holds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxtrunc.h"
#include "util.h"

#define TRACING		"/sys/kernel/tracing"

static bool probe_on;
static char tracing_on_saved[16];

static int probe_write(const char *file, const char *s, bool append)
{
	char path[128];

	snprintf(path, sizeof(path), TRACING "/%s", file);
	return write_str_flags(path, s, append ? O_APPEND : O_TRUNC);
}

/* disable and delete every daxtrunc probe, also a killed run's */
static void probe_delete(void)
{
	probe_write("events/daxtrunc/enable", "0", false);
	probe_write("kprobe_events", "-:daxtrunc/busy\n", true);
}

void probe_setup(void)
{
	char why[160] = "";

	probe_delete();

	if (read_line(TRACING "/tracing_on", tracing_on_saved,
		      sizeof(tracing_on_saved))) {
		snprintf(why, sizeof(why), "no %s/tracing_on (tracefs not mounted, or no CONFIG_KPROBE_EVENTS)",
			 TRACING);
	} else if (probe_write("kprobe_events",
			       "r:daxtrunc/busy dax_layout_busy_page_range ret=$retval:x64\n",
			       true)) {
		snprintf(why, sizeof(why), "kretprobe on dax_layout_busy_page_range: %s",
			 strerror(errno));
	} else if (probe_write("events/daxtrunc/enable", "1", false) ||
		   probe_write("tracing_on", "1", false)) {
		snprintf(why, sizeof(why), "enabling the kretprobe: %s",
			 strerror(errno));
	} else {
		probe_on = true;
		return;
	}
	ksft_print_msg("%s: no busy-page evidence (%s)\n", dax.label, why);
}

bool probe_is_on(void)
{
	return probe_on;
}

void probe_remove(void)
{
	if (!probe_on)
		return;
	probe_delete();
	probe_write("tracing_on", tracing_on_saved, false);
}

/* opening "trace" with O_TRUNC clears the ring buffer */
void probe_clear(void)
{
	if (probe_on)
		probe_write("trace", "", false);
}

void probe_count(long long *calls, long long *found)
{
	char line[512], *r;
	FILE *f;

	*calls = *found = -1;
	if (!probe_on)
		return;
	f = fopen(TRACING "/trace", "r");
	if (!f)
		return;
	*calls = *found = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strstr(line, " busy: "))
			continue;
		r = strstr(line, "ret=");
		if (!r)
			continue;
		(*calls)++;
		if (strtoull(r + 4, NULL, 16))
			(*found)++;
	}
	fclose(f);
}
