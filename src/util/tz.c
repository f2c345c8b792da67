/*
 * tz.c: UTC offsets from the system tz database, read without TZ.
 *
 * Why not setenv("TZ") + localtime_r/mktime under a mutex: TZ is process
 * state.  Every other thread that formats a local time, or merely calls
 * getenv(), races with the setenv (glibc's environment is not safe against
 * concurrent writers), and a lock only helps when every such caller takes
 * it, libraries included.  Reading the TZif file ourselves (RFC 8536) costs
 * about three hundred lines and leaves the process environment alone.
 *
 * A zone is the file's transitions (64-bit, version 2+ block; version 1
 * files use their 32-bit block) and, past the last transition, the POSIX TZ
 * rule of the file's footer ("CET-1CEST,M3.5.0,M10.5.0/3").  Before the first
 * transition the first local time type applies, as RFC 8536 says.
 *
 * Invariants:
 *  1. A loaded zone is never changed or freed; tz_get hands out pointers
 *     that stay valid for the life of the process.
 *  2. The cache list is only read or extended under `lock`; loading happens
 *     under the lock too, so a zone is read from disk at most once.
 *  3. Names are checked before they touch the file system: no absolute
 *     paths, no "..", only the characters IANA names use.
 *
 * Non-goals: leap seconds (Unix time ignores them) and abbreviations.
 */
#include "parley.h"
#include "util/tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_MAX_FILE (1 << 20)

struct rule_date {
	char kind;        /* 'J' (1..365, no Feb 29), 'N' (0..365), 'M' */
	int m, w, d;      /* 'M': month, week 1..5 (5 = last), weekday 0..6;
	                   * 'J'/'N': day in d */
	int32_t time;     /* seconds after local midnight; may be <0 or >24h */
};

struct posix_rule {
	int32_t std_off;  /* seconds east of UTC */
	int32_t dst_off;
	bool has_dst;
	struct rule_date start, end;
};

struct tz {
	char *name;
	int ntrans;
	int64_t *trans;   /* ascending instants */
	uint8_t *idx;     /* type index of each transition */
	int ntypes;
	int32_t *offs;    /* utoff of each type */
	bool has_rule;
	struct posix_rule rule;
	struct tz *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz *zones;

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t tz_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap_year(y) ? 29 : n[m - 1];
}

/* Local seconds (wall time read as UTC) at which rule date r falls in y. */
static int64_t rule_local(int64_t y, const struct rule_date *r)
{
	int64_t day;
	if (r->kind == 'J')
		day = tz_days_from_civil(y, 1, 1) + r->d - 1 +
			(leap_year(y) && r->d >= 60);
	else if (r->kind == 'N')
		day = tz_days_from_civil(y, 1, 1) + r->d;
	else {
		int64_t first = tz_days_from_civil(y, r->m, 1);
		int wd1 = (int)((first % 7 + 11) % 7); /* 0 = Sunday */
		int md = 1 + (r->d - wd1 + 7) % 7 + (r->w - 1) * 7;
		while (md > month_days(y, r->m))
			md -= 7;
		day = first + md - 1;
	}
	return day * 86400 + r->time;
}

static int32_t rule_offset(const struct posix_rule *r, int64_t t)
{
	if (!r->has_dst)
		return r->std_off;
	int64_t y;
	int m, d;
	tz_civil_from_days(floor_div(t + r->std_off, 86400), &y, &m, &d);
	int64_t start = rule_local(y, &r->start) - r->std_off;
	int64_t end = rule_local(y, &r->end) - r->dst_off;
	bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
	return dst ? r->dst_off : r->std_off;
}

int32_t tz_offset(const struct tz *z, int64_t t)
{
	if (z->ntrans == 0)
		return z->has_rule ? rule_offset(&z->rule, t) : z->offs[0];
	if (t < z->trans[0])
		return z->offs[0];
	if (t >= z->trans[z->ntrans - 1] && z->has_rule)
		return rule_offset(&z->rule, t);
	int lo = 0, hi = z->ntrans - 1; /* last transition <= t */
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return z->offs[z->idx[lo]];
}

int64_t tz_local_to_utc(const struct tz *z, int64_t local)
{
	/* The offsets a day either side bracket any shift near `local`
	 * (offsets stay within +-26 hours of each other). */
	int32_t oa = tz_offset(z, local - 86400), ob = tz_offset(z, local + 86400);
	int64_t ua = local - oa, ub = local - ob;
	bool va = ua + tz_offset(z, ua) == local, vb = ub + tz_offset(z, ub) == local;
	if (va && vb)
		return ua < ub ? ua : ub;
	if (va || vb)
		return va ? ua : ub;
	/* In a gap: the first instant whose wall clock reaches local. */
	int64_t lo = ua < ub ? ua : ub, hi = ua < ub ? ub : ua;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (mid + tz_offset(z, mid) >= local)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- TZ footer strings (POSIX.1-2017 8.3, RFC 8536 3.3.1) ---- */

static bool parse_name(const char **p)
{
	const char *s = *p;
	if (*s == '<') {
		const char *e = strchr(s, '>');
		if (!e || e - s < 2)
			return false;
		*p = e + 1;
		return true;
	}
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		s++;
	if (s - *p < 3)
		return false;
	*p = s;
	return true;
}

static bool parse_num(const char **p, int max, int *out)
{
	int v = 0, n = 0;
	while (**p >= '0' && **p <= '9' && n < 4) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || v > max)
		return false;
	*out = v;
	return true;
}

/* [+-]hh[:mm[:ss]] into seconds; hours up to 167 (RFC 8536 extension). */
static bool parse_hms(const char **p, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;
	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	if (!parse_num(p, 167, &h))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!parse_num(p, 59, &m))
			return false;
		if (**p == ':') {
			(*p)++;
			if (!parse_num(p, 59, &s))
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

static bool parse_date(const char **p, struct rule_date *r)
{
	r->time = 7200;
	if (**p == 'M') {
		(*p)++;
		r->kind = 'M';
		if (!parse_num(p, 12, &r->m) || r->m < 1 || *(*p)++ != '.' ||
		    !parse_num(p, 5, &r->w) || r->w < 1 || *(*p)++ != '.' ||
		    !parse_num(p, 6, &r->d))
			return false;
	} else if (**p == 'J') {
		(*p)++;
		r->kind = 'J';
		if (!parse_num(p, 365, &r->d) || r->d < 1)
			return false;
	} else {
		r->kind = 'N';
		if (!parse_num(p, 365, &r->d))
			return false;
	}
	if (**p == '/') {
		(*p)++;
		return parse_hms(p, &r->time);
	}
	return true;
}

static bool parse_rule(const char *s, struct posix_rule *r)
{
	int32_t off;
	memset(r, 0, sizeof(*r));
	if (!parse_name(&s) || !parse_hms(&s, &off))
		return false;
	r->std_off = -off; /* POSIX counts west as positive */
	if (!*s)
		return true;
	if (!parse_name(&s))
		return false;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (*s && *s != ',') {
		if (!parse_hms(&s, &off))
			return false;
		r->dst_off = -off;
	}
	if (!*s) { /* no rule: POSIX leaves it open; use the US one as glibc */
		r->start = (struct rule_date){ 'M', 3, 2, 0, 7200 };
		r->end = (struct rule_date){ 'M', 11, 1, 0, 7200 };
		return true;
	}
	if (*s++ != ',' || !parse_date(&s, &r->start) || *s++ != ',' ||
	    !parse_date(&s, &r->end))
		return false;
	return *s == '\0';
}

/* ---- TZif files ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct counts {
	uint32_t isut, isstd, leap, time, type, chr;
};

static bool read_counts(const unsigned char *p, size_t n, struct counts *c)
{
	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return false;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chr = be32(p + 40);
	return c->time < 100000 && c->type >= 1 && c->type <= 256 &&
		c->chr < 100000 && c->leap < 100000 && c->isut <= c->type &&
		c->isstd <= c->type;
}

static size_t block_size(const struct counts *c, int tsize)
{
	return (size_t)c->time * tsize + c->time + (size_t)c->type * 6 + c->chr +
		(size_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

/* Fills z from the file image; false when it is not a valid TZif file. */
static bool parse_tzif(struct tz *z, const unsigned char *buf, size_t n)
{
	struct counts c;
	if (!read_counts(buf, n, &c))
		return false;
	const unsigned char *p = buf + 44;
	int tsize = 4;
	if (buf[4] >= '2') {
		size_t skip = block_size(&c, 4);
		if (44 + skip > n || !read_counts(p + skip, n - 44 - skip, &c))
			return false;
		p += skip + 44;
		tsize = 8;
	}
	const unsigned char *end = buf + n;
	if ((size_t)(end - p) < block_size(&c, tsize))
		return false;
	z->ntrans = (int)c.time;
	z->ntypes = (int)c.type;
	z->trans = calloc(c.time + 1, sizeof(*z->trans));
	z->idx = calloc(c.time + 1, 1);
	z->offs = calloc(c.type, sizeof(*z->offs));
	if (!z->trans || !z->idx || !z->offs)
		abort();
	for (uint32_t i = 0; i < c.time; i++)
		z->trans[i] = tsize == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);
	p += (size_t)c.time * tsize;
	for (uint32_t i = 0; i < c.time; i++) {
		z->idx[i] = p[i];
		if (p[i] >= c.type)
			return false;
	}
	p += c.time;
	for (uint32_t i = 0; i < c.type; i++)
		z->offs[i] = (int32_t)be32(p + i * 6);
	p += block_size(&c, tsize) - (size_t)c.time * (tsize + 1);
	if (tsize == 8 && p < end && *p == '\n') {
		const unsigned char *nl = memchr(p + 1, '\n', (size_t)(end - p - 1));
		if (nl && nl > p + 1) {
			char footer[128];
			size_t len = (size_t)(nl - p - 1);
			if (len >= sizeof(footer))
				return false;
			memcpy(footer, p + 1, len);
			footer[len] = '\0';
			z->has_rule = parse_rule(footer, &z->rule);
		}
	}
	return true;
}

static bool valid_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 100 || name[0] == '/' || name[0] == '.' || strstr(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '/' || ch == '_' || ch == '-' ||
		      ch == '+'))
			return false;
	}
	return true;
}

static struct tz *load(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo",
		name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *buf = malloc(TZ_MAX_FILE);
	if (!buf)
		abort();
	size_t n = fread(buf, 1, TZ_MAX_FILE, f);
	fclose(f);
	struct tz *z = calloc(1, sizeof(*z));
	if (!z)
		abort();
	bool ok = n < TZ_MAX_FILE && parse_tzif(z, buf, n);
	free(buf);
	if (!ok) {
		free(z->trans);
		free(z->idx);
		free(z->offs);
		free(z);
		return NULL;
	}
	z->name = strdup(name);
	if (!z->name)
		abort();
	return z;
}

const struct tz *tz_get(const char *name)
{
	if (!valid_name(name))
		return NULL;
	pthread_mutex_lock(&lock);
	struct tz *z = zones;
	while (z && strcmp(z->name, name) != 0)
		z = z->next;
	if (!z && (z = load(name))) {
		z->next = zones;
		zones = z;
	}
	pthread_mutex_unlock(&lock);
	return z;
}
