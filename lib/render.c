/*
 * What the formats share: times said the way a reader says them, and
 * links to the archive.
 */
#include "render.h"

#include <time.h>

#include "lore.h"

void kd_render_ago(struct kd_buf *out, int64_t when, int64_t now)
{
	static const struct {
		int64_t seconds;
		const char *unit;
	} units[] = {
		{ 365 * 24 * 3600, "year" },
		{ 30 * 24 * 3600, "month" },
		{ 7 * 24 * 3600, "week" },
		{ 24 * 3600, "day" },
		{ 3600, "hour" },
		{ 60, "minute" },
	};
	int64_t apart = now - when;
	size_t i;

	if (apart < 60) {
		kd_buf_addstr(out, apart < 0 ? "later" : "just before");
		return;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		int64_t n = apart / units[i].seconds;
		/* "13 days", not "1 week": weeks once there are two */
		if (n >= (units[i].seconds == 7 * 24 * 3600 ? 2 : 1)) {
			kd_buf_addf(out, "%lld %s%s ago", (long long)n,
				    units[i].unit, n == 1 ? "" : "s");
			return;
		}
	}
}

void kd_render_day(struct kd_buf *out, int64_t when, int tz)
{
	time_t t = (time_t)(when + (int64_t)tz * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	kd_buf_addf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
}

void kd_render_link(struct kd_buf *out, const char *archive,
		    const char *message_id)
{
	if (archive)
		kd_lore_url(out, archive, message_id);
	else
		kd_buf_addf(out, "<%s>", message_id);
}
