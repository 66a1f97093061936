/*
 * git's date forms, read as git reads them.
 *
 * Two readings, as git makes them.  The strict one takes a date that
 * says a day and a time of day (ISO, RFC 2822, seconds since the epoch)
 * and is done.  Otherwise the lenient one starts from `now` in local time
 * and lets each word change it: a month or a day number sets that field,
 * "3 days ago" counts back, "yesterday" and "noon" move to them.  A text
 * in which the lenient reading finds no word of a date at all is refused.
 *
 * Tolerated, as git tolerates it: words that mean nothing (skipped),
 * any case, "." or "_" or blanks between words, a day number past its
 * month's end, two-digit years (70-99 are 19xx, 00-37 20xx), a date in
 * mm/dd/yy or dd.mm.yy order when the other order would be more than ten
 * days in the future.  Refused: a text with no number and no word of a
 * date in it (the empty text too).
 */
#include "gitdate.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ascii.h"
#include "error.h"
#include "rfc5322.h"

#define DAY (24 * 60 * 60)
/* git trusts no date more than ten days ahead of now */
#define FUTURE_SLACK (10 * DAY)
/* a number this large, before any other field, is seconds since 1970 */
#define EPOCH_SECONDS_MIN 100000000ULL
/* "1400" and below, as a four-digit number, is a zone ("+0100") */
#define ZONE_AS_NUMBER_MAX 1400

static const char *const month_names[] = {
	"January", "February", "March",     "April",   "May",      "June",
	"July",    "August",   "September", "October", "November", "December",
};

/* plural, so that "mondays" is a weekday too */
static const char *const weekday_names[] = {
	"Sundays",   "Mondays", "Tuesdays", "Wednesdays",
	"Thursdays", "Fridays", "Saturdays",
};

/*
 * Zone names, in hours east, and whether they name summer time: git adds
 * that hour, whatever the season.
 */
static const struct {
	const char *name;
	int hours, summer;
} zone_names[] = {
	{ "IDLW", -12, 0 }, { "NT", -11, 0 },   { "CAT", -10, 0 },
	{ "HST", -10, 0 },  { "HDT", -10, 1 },  { "YST", -9, 0 },
	{ "YDT", -9, 1 },   { "PST", -8, 0 },   { "PDT", -8, 1 },
	{ "MST", -7, 0 },   { "MDT", -7, 1 },   { "CST", -6, 0 },
	{ "CDT", -6, 1 },   { "EST", -5, 0 },   { "EDT", -5, 1 },
	{ "AST", -3, 0 },   { "ADT", -3, 1 },   { "WAT", -1, 0 },
	{ "GMT", 0, 0 },    { "UTC", 0, 0 },    { "Z", 0, 0 },
	{ "WET", 0, 0 },    { "BST", 0, 1 },    { "CET", 1, 0 },
	{ "MET", 1, 0 },    { "MEWT", 1, 0 },   { "MEST", 1, 1 },
	{ "CEST", 1, 1 },   { "MESZ", 1, 1 },   { "FWT", 1, 0 },
	{ "FST", 1, 1 },    { "EET", 2, 0 },    { "EEST", 2, 1 },
	{ "WAST", 7, 0 },   { "WADT", 7, 1 },   { "CCT", 8, 0 },
	{ "JST", 9, 0 },    { "EAST", 10, 0 },  { "EADT", 10, 1 },
	{ "GST", 10, 0 },   { "NZT", 12, 0 },   { "NZST", 12, 0 },
	{ "NZDT", 12, 1 },  { "IDLE", 12, 0 },
};

#define NR(a) (sizeof(a) / sizeof(*(a)))

/*
 * How much of `name` the word at `p` spells: the length of the run of
 * letters and digits at `p` when it is the start of `name` (any case),
 * else 0.
 */
static size_t spelled(const char *p, const char *name)
{
	size_t i;

	for (i = 0; kd_is_alnum(p[i]); i++)
		if (kd_tolower(p[i]) != kd_tolower(name[i]))
			return 0;
	return i;
}

/* The word at `p` is `name`, all of it. */
static int spells(const char *p, const char *name)
{
	return spelled(p, name) == strlen(name);
}

/* The letters at `p`, at least one, as git skips a word. */
static size_t letters(const char *p)
{
	size_t n = 1;

	while (kd_is_alpha(p[n]))
		n++;
	return n;
}

/* A run of digits, saturating; `*end` after it. */
static uint64_t number_at(const char *p, const char **end)
{
	uint64_t v = 0;

	for (; kd_is_digit(*p); p++)
		v = v > (UINT64_MAX - 9) / 10 ? UINT64_MAX
					      : v * 10 + (uint64_t)(*p - '0');
	*end = p;
	return v;
}

static int clamp_int(uint64_t v)
{
	return v > INT32_MAX ? INT32_MAX : (int)v;
}

/*
 * The fields of `tm` as UTC seconds, or -1 when a field is not known yet
 * (year, month, hour, minute, second) or the year is outside 1970-2099,
 * the years git reads.
 */
static int64_t utc_seconds(const struct tm *tm)
{
	if (tm->tm_year < 70 || tm->tm_year > 199 || tm->tm_mon < 0 ||
	    tm->tm_mon > 11 || tm->tm_hour < 0 || tm->tm_min < 0 ||
	    tm->tm_sec < 0)
		return -1;
	return kd_days_from_civil(tm->tm_year + 1900, tm->tm_mon + 1,
				  tm->tm_mday) * DAY +
	       tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

/* A year as written (4 digits, 2 digits) in tm_year's terms; -1 if none. */
static int year_field(long year)
{
	if (year >= 1970 && year < 2100)
		return (int)year - 1900;
	if (year > 70 && year < 100)
		return (int)year;
	if (year >= 0 && year < 38)
		return (int)year + 100;
	return -1;
}

/*
 * Set the date `year` (-1: not given), `month`, `day` in `tm`.  With
 * `refuse_future`, a date more than ten days after `now` is refused and
 * `tm` is left as it was; without it, the month and day are set even when
 * the year turns out to be bad, as git does.  Returns 0 or -1.
 */
static int set_date(struct tm *tm, long year, long month, long day,
		    int refuse_future, int64_t now)
{
	struct tm check = *tm, utc;
	struct tm *r = refuse_future ? &check : tm;
	time_t t = (time_t)now;
	int64_t said;
	int y;

	if (month < 1 || month > 12 || day < 1 || day > 31)
		return -1;
	r->tm_mon = (int)month - 1;
	r->tm_mday = (int)day;
	if (year == -1) {
		/* the year of `now`, in UTC, as git takes it for the check */
		if (!refuse_future || !gmtime_r(&t, &utc))
			return -1;
		r->tm_year = utc.tm_year;
	} else if ((y = year_field(year)) < 0) {
		return -1;
	} else {
		r->tm_year = y;
	}
	if (!refuse_future)
		return 0;
	said = utc_seconds(r);
	if (said != -1 && said > now + FUTURE_SLACK)
		return -1;
	tm->tm_mon = r->tm_mon;
	tm->tm_mday = r->tm_mday;
	if (year != -1)
		tm->tm_year = r->tm_year;
	return 0;
}

static int set_time(struct tm *tm, long hour, long min, long sec)
{
	/* a 61st second: a leap second */
	if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60)
		return -1;
	tm->tm_hour = (int)hour;
	tm->tm_min = (int)min;
	tm->tm_sec = (int)sec;
	return 0;
}

static int date_known(const struct tm *tm)
{
	return tm->tm_year != -1 && tm->tm_mon != -1 && tm->tm_mday != -1;
}

/*
 * "N<sep>N[<sep>N]" at `p`, where `mid` is at the first separator: a time
 * (12:00, 12:00:30, and fractions of a second after a date) or a date in
 * one of the orders git tries (yyyy-mm-dd, yyyy-dd-mm, mm/dd/yy, dd.mm.yy,
 * dd/mm/yy, mm.dd.yy).  Returns the length read, 0 when it is neither.
 */
static size_t numbers(struct tm *tm, const char *p, uint64_t first,
		      const char *mid, int64_t now)
{
	char sep = *mid;
	const char *end;
	long a = clamp_int(first), b, c = -1;

	b = clamp_int(number_at(mid + 1, &end));
	if (*end == sep && kd_is_digit(end[1]))
		c = clamp_int(number_at(end + 1, &end));

	if (sep == ':') {
		if (set_time(tm, a, b, c < 0 ? 0 : c))
			return 0;
		if (*end == '.' && kd_is_digit(end[1]) && date_known(tm))
			number_at(end + 1, &end);
		return (size_t)(end - p);
	}
	if (a > 70 && (!set_date(tm, a, b, c, 0, now) ||
		       !set_date(tm, a, c, b, 0, now)))
		return (size_t)(end - p);
	/* dd.mm.yy is the European order; elsewhere mm/dd/yy comes first */
	if (sep != '.' && !set_date(tm, c, a, b, 1, now))
		return (size_t)(end - p);
	if (!set_date(tm, c, b, a, 1, now))
		return (size_t)(end - p);
	if (sep == '.' && !set_date(tm, c, a, b, 1, now))
		return (size_t)(end - p);
	return 0;
}

static int is_number_separator(char c)
{
	return c == ':' || c == '.' || c == '/' || c == '-';
}

/* --- the strict reading --------------------------------------------- */

struct strict {
	struct tm tm; /* fields not said yet are -1 */
	int offset;   /* minutes east, when has_offset */
	int has_offset;
	int utc;      /* seconds since the epoch were given: tm is UTC */
};

static int nothing_said(const struct tm *tm)
{
	return tm->tm_year < 0 && tm->tm_mon < 0 && tm->tm_mday < 0 &&
	       tm->tm_hour < 0 && tm->tm_min < 0 && tm->tm_sec < 0;
}

/* A month, a weekday, a zone name, AM or PM, or a word skipped. */
static size_t strict_word(struct strict *s, const char *p)
{
	size_t i, n;

	for (i = 0; i < NR(month_names); i++)
		if ((n = spelled(p, month_names[i])) >= 3) {
			s->tm.tm_mon = (int)i;
			return n;
		}
	for (i = 0; i < NR(weekday_names); i++)
		if ((n = spelled(p, weekday_names[i])) >= 3) {
			s->tm.tm_wday = (int)i;
			return n;
		}
	for (i = 0; i < NR(zone_names); i++) {
		n = spelled(p, zone_names[i].name);
		if (n >= 3 || (n && n == strlen(zone_names[i].name))) {
			if (!s->has_offset) {
				s->offset = 60 * (zone_names[i].hours +
						  zone_names[i].summer);
				s->has_offset = 1;
			}
			return n;
		}
	}
	if (spelled(p, "PM") == 2) {
		s->tm.tm_hour = s->tm.tm_hour % 12 + 12;
		return 2;
	}
	if (spelled(p, "AM") == 2) {
		s->tm.tm_hour = s->tm.tm_hour % 12;
		return 2;
	}
	return letters(p);
}

/* A number: seconds since 1970, a date, a time, a year, a day, a zone. */
static size_t strict_number(struct strict *s, const char *p, int64_t now)
{
	struct tm *tm = &s->tm;
	const char *end;
	uint64_t v = number_at(p, &end);
	size_t n = (size_t)(end - p), got;

	if (v >= EPOCH_SECONDS_MIN && nothing_said(tm)) {
		time_t t = v > INT64_MAX ? INT64_MAX : (time_t)v;
		if (gmtime_r(&t, tm)) {
			s->utc = 1;
			return n;
		}
	}
	if (is_number_separator(*end) && kd_is_digit(end[1]) &&
	    (got = numbers(tm, p, v, end, now)))
		return got;

	/* ISO 8601's compact forms: yyyymmdd and hhmmss */
	if (n == 8 || n == 6) {
		long hi = (long)(v / 10000), mid = (long)(v % 10000 / 100),
		     lo = (long)(v % 100);
		if (n == 8)
			set_date(tm, hi, mid, lo, 0, now);
		else if (!set_time(tm, hi, mid, lo) && *end == '.' &&
			 kd_is_digit(end[1]))
			number_at(end + 1, &end);
		return (size_t)(end - p);
	}
	if (n == 4) {
		if (v <= ZONE_AS_NUMBER_MAX && !s->has_offset) {
			s->offset = (int)(v / 100 * 60 + v % 100);
			s->has_offset = 1;
		} else if (v > 1900 && v < 2100) {
			tm->tm_year = (int)v - 1900;
		}
		return n;
	}
	if (n > 2)
		return n;
	/* a day before a month, so "01 Apr 05" is April 1st, 2005 */
	if (v > 0 && v < 32 && tm->tm_mday < 0) {
		tm->tm_mday = (int)v;
		return n;
	}
	if (n == 2 && tm->tm_year < 0) {
		if (v < 10 && tm->tm_mday >= 0) {
			tm->tm_year = (int)v + 100;
			return n;
		}
		if (v >= 70) {
			tm->tm_year = (int)v;
			return n;
		}
	}
	if (v > 0 && v < 13 && tm->tm_mon < 0)
		tm->tm_mon = (int)v - 1;
	return n;
}

/* A zone, "+0100", "-07", "+05:30": kept only when it makes sense. */
static size_t strict_zone(struct strict *s, const char *p)
{
	const char *end;
	long hour = clamp_int(number_at(p + 1, &end)), min = 0;
	size_t n = (size_t)(end - p - 1);

	if (n == 4) {
		min = hour % 100;
		hour /= 100;
	} else if (n != 2) {
		min = -1;
	} else if (*end == ':') {
		min = clamp_int(number_at(end + 1, &end));
		if (end - p - 1 != 5)
			min = -1;
	}
	if (min >= 0 && min < 60 && hour < 24) {
		s->offset = (int)(hour * 60 + min) * (*p == '-' ? -1 : 1);
		s->has_offset = 1;
	}
	return (size_t)(end - p);
}

/* "@<seconds> <+|-hhmm>", the form of a commit header, alone. */
static int header_form(int64_t *out, const char *p)
{
	const char *end;
	uint64_t v;

	if (*p++ != '@' || !kd_is_digit(*p))
		return -1;
	v = number_at(p, &end);
	if (v > INT64_MAX || end[0] != ' ' || (end[1] != '+' && end[1] != '-'))
		return -1;
	p = end + 2;
	number_at(p, &end);
	if (end != p + 4 || (*end && *end != '\n'))
		return -1;
	*out = (int64_t)v;
	return 0;
}

static int read_strict(int64_t *out, const char *text, int64_t now)
{
	struct strict s;
	const char *p = text;
	int64_t t;

	if (!header_form(out, text))
		return 0;
	memset(&s, 0, sizeof(s));
	s.tm.tm_year = s.tm.tm_mon = s.tm.tm_mday = -1;
	s.tm.tm_hour = s.tm.tm_min = s.tm.tm_sec = -1;
	s.tm.tm_isdst = -1;
	while (*p && *p != '\n') {
		size_t n = 0;

		if (kd_is_alpha(*p))
			n = strict_word(&s, p);
		else if (kd_is_digit(*p))
			n = strict_number(&s, p, now);
		else if ((*p == '-' || *p == '+') && kd_is_digit(p[1]))
			n = strict_zone(&s, p);
		p += n ? n : 1;
	}
	if ((t = utc_seconds(&s.tm)) == -1)
		return -1;
	if (!s.has_offset) {
		/* no zone: the local one, at that time */
		time_t local;
		s.tm.tm_isdst = -1;
		local = mktime(&s.tm);
		s.offset = (int)((t - (int64_t)local) / 60);
	}
	*out = s.utc ? t : t - (int64_t)s.offset * 60;
	return 0;
}

/* --- the lenient reading -------------------------------------------- */

struct lenient {
	struct tm tm;      /* starts as now, local, with no date */
	struct tm now;
	int64_t now_seconds;
	int number;        /* a number read, not used yet; 0: none */
	int touched;       /* a word or number of a date was read */
};

/*
 * The fields not said yet taken from now (a month after this one is last
 * year's), then moved `back` seconds into the past.  Returns the time.
 */
static int64_t settle(struct lenient *l, int64_t back)
{
	struct tm *tm = &l->tm;
	time_t t;

	if (tm->tm_mday < 0)
		tm->tm_mday = l->now.tm_mday;
	if (tm->tm_mon < 0)
		tm->tm_mon = l->now.tm_mon;
	if (tm->tm_year < 0) {
		tm->tm_year = l->now.tm_year;
		if (tm->tm_mon > l->now.tm_mon)
			tm->tm_year--;
	}
	t = (time_t)((int64_t)mktime(tm) - back);
	localtime_r(&t, tm);
	return (int64_t)t;
}

/* A number read before, used when nothing else took it: a day, a month, a year. */
static void use_number(struct lenient *l)
{
	struct tm *tm = &l->tm;
	int v = l->number;

	if (!v)
		return;
	l->number = 0;
	if (tm->tm_mday < 0 && v < 32)
		tm->tm_mday = v;
	else if (tm->tm_mon < 0 && v < 13)
		tm->tm_mon = v - 1;
	else if (tm->tm_year < 0) {
		if (v > 1969 && v < 2100)
			tm->tm_year = v - 1900;
		else if (v > 69 && v < 100)
			tm->tm_year = v;
		else if (v < 38)
			tm->tm_year = 100 + v;
	}
}

/* noon, midnight, tea: that hour today, or yesterday when it is not yet */
static void at_hour(struct lenient *l, int hour)
{
	use_number(l);
	if (l->tm.tm_hour < hour)
		settle(l, DAY);
	l->tm.tm_hour = hour;
	l->tm.tm_min = l->tm.tm_sec = 0;
}

/* am, pm: of the number before ("5pm"), else of the hour said */
static void half_day(struct lenient *l, int pm)
{
	int hour = l->tm.tm_hour;

	if (l->number) {
		hour = l->number;
		l->tm.tm_min = l->tm.tm_sec = 0;
	}
	l->number = 0;
	l->tm.tm_hour = hour % 12 + (pm ? 12 : 0);
}

/* The words that are dates of their own; returns 0 when `p` is none. */
static int special_word(struct lenient *l, const char *p)
{
	if (spells(p, "yesterday")) {
		l->number = 0;
		settle(l, DAY);
	} else if (spells(p, "noon")) {
		at_hour(l, 12);
	} else if (spells(p, "midnight")) {
		at_hour(l, 0);
	} else if (spells(p, "tea")) {
		at_hour(l, 17);
	} else if (spells(p, "PM")) {
		half_day(l, 1);
	} else if (spells(p, "AM")) {
		half_day(l, 0);
	} else if (spells(p, "never")) {
		time_t zero = 0;
		localtime_r(&zero, &l->tm);
		l->number = 0;
	} else if (spells(p, "now")) {
		l->number = 0;
		settle(l, 0);
	} else {
		return 0;
	}
	return 1;
}

static const char *const number_names[] = {
	"zero", "one", "two", "three", "four", "five",
	"six",  "seven", "eight", "nine", "ten",
};

/* Units of "N <unit> ago", in seconds, and how much of each name will do. */
static const struct {
	const char *name;
	int64_t seconds;
} units[] = {
	{ "seconds", 1 },
	{ "minutes", 60 },
	{ "hours", 60 * 60 },
	{ "days", DAY },
	{ "weeks", 7 * DAY },
};

/* A word; returns where the next one may start. */
static const char *lenient_word(struct lenient *l, const char *p)
{
	const char *end = p + letters(p);
	size_t i;

	for (i = 0; i < NR(month_names); i++)
		if (spelled(p, month_names[i]) >= 3) {
			l->tm.tm_mon = (int)i;
			l->touched = 1;
			return end;
		}
	if (special_word(l, p)) {
		l->touched = 1;
		return end;
	}
	if (!l->number) {
		/* "two weeks ago", "last week" */
		for (i = 1; i < NR(number_names); i++)
			if (spells(p, number_names[i])) {
				l->number = (int)i;
				l->touched = 1;
				return end;
			}
		if (spells(p, "last")) {
			l->number = 1;
			l->touched = 1;
		}
		return end;
	}
	for (i = 0; i < NR(units); i++)
		if (spelled(p, units[i].name) >= strlen(units[i].name) - 1) {
			settle(l, units[i].seconds * l->number);
			l->number = 0;
			l->touched = 1;
			return end;
		}
	for (i = 0; i < NR(weekday_names); i++)
		if (spelled(p, weekday_names[i]) >= 3) {
			/* "last monday": back to it; N mondays ago */
			int64_t n = l->number - 1, days = l->tm.tm_wday - (int)i;
			l->number = 0;
			if (days <= 0)
				n++;
			settle(l, (days + 7 * n) * DAY);
			l->touched = 1;
			return end;
		}
	if (spelled(p, "months") >= 5) {
		int mon;
		settle(l, 0);
		mon = l->tm.tm_mon - l->number;
		l->number = 0;
		for (; mon < 0; mon += 12)
			l->tm.tm_year--;
		l->tm.tm_mon = mon;
		l->touched = 1;
		return end;
	}
	if (spelled(p, "years") >= 4) {
		settle(l, 0);
		l->tm.tm_year -= l->number;
		l->number = 0;
		l->touched = 1;
	}
	return end;
}

static const char *lenient_number(struct lenient *l, const char *p)
{
	const char *end;
	uint64_t v = number_at(p, &end);
	size_t got;

	if (is_number_separator(*end) && kd_is_digit(end[1]) &&
	    (got = numbers(&l->tm, p, v, end, l->now_seconds)))
		return p + got;
	/* zeros before a small number only: "Dec 02", never "Dec 0002" */
	if (p[0] != '0' || end - p <= 2)
		l->number = clamp_int(v);
	return end;
}

static int read_lenient(int64_t *out, const char *text, int64_t now)
{
	struct lenient l;
	time_t t = (time_t)now;
	const char *p = text;

	memset(&l, 0, sizeof(l));
	localtime_r(&t, &l.tm);
	l.now = l.tm;
	l.now_seconds = now;
	l.tm.tm_year = l.tm.tm_mon = l.tm.tm_mday = -1;
	while (*p) {
		if (kd_is_digit(*p)) {
			use_number(&l);
			p = lenient_number(&l, p);
			l.touched = 1;
		} else if (kd_is_alpha(*p)) {
			p = lenient_word(&l, p);
		} else {
			p++;
		}
	}
	use_number(&l);
	if (!l.touched)
		return -1;
	*out = settle(&l, 0);
	return 0;
}

int kd_gitdate_parse(int64_t *out, const char *text, int64_t now)
{
	if (!read_strict(out, text, now) || !read_lenient(out, text, now))
		return 0;
	kd_error_set("invalid date '%s'", text);
	return KD_EINVALID;
}
