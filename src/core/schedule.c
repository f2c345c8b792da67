/*
 * schedule.c: business-hours arithmetic (see schedule.h).
 *
 * Method: walk the schedule's local calendar days.  For each open local day
 * (not a holiday), each interval of that weekday becomes a UTC range by
 * converting its local start and end with tz_local_to_utc, which gives the
 * right length across DST shifts: an interval spanning a skipped hour is an
 * hour shorter, one spanning a repeated hour an hour longer, and an
 * interval boundary inside a skipped hour moves to the end of the gap.
 * Because that conversion never goes backwards in time, the UTC ranges of
 * successive intervals never overlap, so durations simply add up.
 *
 * Time zones come from util/tz.c, which reads the tz database without TZ:
 * every function here is safe to call from any server thread at once.
 *
 * Invariant: s->iv is sorted by start and non-overlapping
 * (schedule_check_intervals), so a day's ranges come out in order.
 */
#include "parley.h"
#include "core/schedule.h"
#include "util/tz.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define MAX_DAYS 3660 /* give up after ten years without an open minute */

/* Zendesk (Ruby on Rails) zone names and their IANA zones. */
static const struct { const char *rails, *iana; } rails_zones[] = {
	{ "International Date Line West", "Etc/GMT+12" },
	{ "Midway Island", "Pacific/Midway" },
	{ "American Samoa", "Pacific/Pago_Pago" },
	{ "Hawaii", "Pacific/Honolulu" },
	{ "Alaska", "America/Juneau" },
	{ "Pacific Time (US & Canada)", "America/Los_Angeles" },
	{ "Tijuana", "America/Tijuana" },
	{ "Mountain Time (US & Canada)", "America/Denver" },
	{ "Arizona", "America/Phoenix" },
	{ "Chihuahua", "America/Chihuahua" },
	{ "Mazatlan", "America/Mazatlan" },
	{ "Central Time (US & Canada)", "America/Chicago" },
	{ "Saskatchewan", "America/Regina" },
	{ "Guadalajara", "America/Mexico_City" },
	{ "Mexico City", "America/Mexico_City" },
	{ "Monterrey", "America/Monterrey" },
	{ "Central America", "America/Guatemala" },
	{ "Eastern Time (US & Canada)", "America/New_York" },
	{ "Indiana (East)", "America/Indiana/Indianapolis" },
	{ "Bogota", "America/Bogota" },
	{ "Lima", "America/Lima" },
	{ "Quito", "America/Lima" },
	{ "Atlantic Time (Canada)", "America/Halifax" },
	{ "Caracas", "America/Caracas" },
	{ "La Paz", "America/La_Paz" },
	{ "Santiago", "America/Santiago" },
	{ "Newfoundland", "America/St_Johns" },
	{ "Brasilia", "America/Sao_Paulo" },
	{ "Buenos Aires", "America/Argentina/Buenos_Aires" },
	{ "Montevideo", "America/Montevideo" },
	{ "Georgetown", "America/Guyana" },
	{ "Greenland", "America/Nuuk" },
	{ "Mid-Atlantic", "Atlantic/South_Georgia" },
	{ "Azores", "Atlantic/Azores" },
	{ "Cape Verde Is.", "Atlantic/Cape_Verde" },
	{ "Dublin", "Europe/Dublin" },
	{ "Edinburgh", "Europe/London" },
	{ "Lisbon", "Europe/Lisbon" },
	{ "London", "Europe/London" },
	{ "Casablanca", "Africa/Casablanca" },
	{ "Monrovia", "Africa/Monrovia" },
	{ "UTC", "Etc/UTC" },
	{ "Belgrade", "Europe/Belgrade" },
	{ "Bratislava", "Europe/Bratislava" },
	{ "Budapest", "Europe/Budapest" },
	{ "Ljubljana", "Europe/Ljubljana" },
	{ "Prague", "Europe/Prague" },
	{ "Sarajevo", "Europe/Sarajevo" },
	{ "Skopje", "Europe/Skopje" },
	{ "Warsaw", "Europe/Warsaw" },
	{ "Zagreb", "Europe/Zagreb" },
	{ "Brussels", "Europe/Brussels" },
	{ "Copenhagen", "Europe/Copenhagen" },
	{ "Madrid", "Europe/Madrid" },
	{ "Paris", "Europe/Paris" },
	{ "Amsterdam", "Europe/Amsterdam" },
	{ "Berlin", "Europe/Berlin" },
	{ "Bern", "Europe/Zurich" },
	{ "Zurich", "Europe/Zurich" },
	{ "Rome", "Europe/Rome" },
	{ "Stockholm", "Europe/Stockholm" },
	{ "Vienna", "Europe/Vienna" },
	{ "West Central Africa", "Africa/Algiers" },
	{ "Bucharest", "Europe/Bucharest" },
	{ "Cairo", "Africa/Cairo" },
	{ "Helsinki", "Europe/Helsinki" },
	{ "Kyiv", "Europe/Kyiv" },
	{ "Riga", "Europe/Riga" },
	{ "Sofia", "Europe/Sofia" },
	{ "Tallinn", "Europe/Tallinn" },
	{ "Vilnius", "Europe/Vilnius" },
	{ "Athens", "Europe/Athens" },
	{ "Istanbul", "Europe/Istanbul" },
	{ "Minsk", "Europe/Minsk" },
	{ "Jerusalem", "Asia/Jerusalem" },
	{ "Harare", "Africa/Harare" },
	{ "Pretoria", "Africa/Johannesburg" },
	{ "Kaliningrad", "Europe/Kaliningrad" },
	{ "Moscow", "Europe/Moscow" },
	{ "St. Petersburg", "Europe/Moscow" },
	{ "Volgograd", "Europe/Volgograd" },
	{ "Samara", "Europe/Samara" },
	{ "Kuwait", "Asia/Kuwait" },
	{ "Riyadh", "Asia/Riyadh" },
	{ "Nairobi", "Africa/Nairobi" },
	{ "Baghdad", "Asia/Baghdad" },
	{ "Tehran", "Asia/Tehran" },
	{ "Abu Dhabi", "Asia/Muscat" },
	{ "Muscat", "Asia/Muscat" },
	{ "Baku", "Asia/Baku" },
	{ "Tbilisi", "Asia/Tbilisi" },
	{ "Yerevan", "Asia/Yerevan" },
	{ "Kabul", "Asia/Kabul" },
	{ "Ekaterinburg", "Asia/Yekaterinburg" },
	{ "Islamabad", "Asia/Karachi" },
	{ "Karachi", "Asia/Karachi" },
	{ "Tashkent", "Asia/Tashkent" },
	{ "Chennai", "Asia/Kolkata" },
	{ "Kolkata", "Asia/Kolkata" },
	{ "Mumbai", "Asia/Kolkata" },
	{ "New Delhi", "Asia/Kolkata" },
	{ "Kathmandu", "Asia/Kathmandu" },
	{ "Astana", "Asia/Dhaka" },
	{ "Dhaka", "Asia/Dhaka" },
	{ "Sri Jayawardenepura", "Asia/Colombo" },
	{ "Almaty", "Asia/Almaty" },
	{ "Novosibirsk", "Asia/Novosibirsk" },
	{ "Rangoon", "Asia/Yangon" },
	{ "Bangkok", "Asia/Bangkok" },
	{ "Hanoi", "Asia/Bangkok" },
	{ "Jakarta", "Asia/Jakarta" },
	{ "Krasnoyarsk", "Asia/Krasnoyarsk" },
	{ "Beijing", "Asia/Shanghai" },
	{ "Chongqing", "Asia/Chongqing" },
	{ "Hong Kong", "Asia/Hong_Kong" },
	{ "Urumqi", "Asia/Urumqi" },
	{ "Kuala Lumpur", "Asia/Kuala_Lumpur" },
	{ "Singapore", "Asia/Singapore" },
	{ "Taipei", "Asia/Taipei" },
	{ "Perth", "Australia/Perth" },
	{ "Irkutsk", "Asia/Irkutsk" },
	{ "Ulaanbaatar", "Asia/Ulaanbaatar" },
	{ "Seoul", "Asia/Seoul" },
	{ "Osaka", "Asia/Tokyo" },
	{ "Sapporo", "Asia/Tokyo" },
	{ "Tokyo", "Asia/Tokyo" },
	{ "Yakutsk", "Asia/Yakutsk" },
	{ "Darwin", "Australia/Darwin" },
	{ "Adelaide", "Australia/Adelaide" },
	{ "Canberra", "Australia/Melbourne" },
	{ "Melbourne", "Australia/Melbourne" },
	{ "Sydney", "Australia/Sydney" },
	{ "Brisbane", "Australia/Brisbane" },
	{ "Hobart", "Australia/Hobart" },
	{ "Vladivostok", "Asia/Vladivostok" },
	{ "Guam", "Pacific/Guam" },
	{ "Port Moresby", "Pacific/Port_Moresby" },
	{ "Magadan", "Asia/Magadan" },
	{ "Solomon Is.", "Pacific/Guadalcanal" },
	{ "New Caledonia", "Pacific/Noumea" },
	{ "Fiji", "Pacific/Fiji" },
	{ "Kamchatka", "Asia/Kamchatka" },
	{ "Marshall Is.", "Pacific/Majuro" },
	{ "Auckland", "Pacific/Auckland" },
	{ "Wellington", "Pacific/Auckland" },
	{ "Nuku'alofa", "Pacific/Tongatapu" },
	{ "Chatham Is.", "Pacific/Chatham" },
	{ "Samoa", "Pacific/Apia" },
};

const char *schedule_iana_zone(const char *zone)
{
	for (size_t i = 0; zone && i < PL_ARRAY_LEN(rails_zones); i++)
		if (strcmp(rails_zones[i].rails, zone) == 0)
			return rails_zones[i].iana;
	return zone;
}

const struct tz *schedule_zone(const char *zone)
{
	return tz_get(schedule_iana_zone(zone));
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The local calendar day (days since 1970-01-01) of instant t. */
static int64_t local_day(const struct schedule *s, int64_t t)
{
	return floor_div(t + tz_offset(s->tz, t), DAY);
}

static bool holiday(const struct schedule *s, int64_t day)
{
	for (int i = 0; i < s->nhol; i++)
		if (day >= s->hol[i].first && day <= s->hol[i].last)
			return true;
	return false;
}

/* Calls fn(a, b, arg) with the UTC range of each open interval of local
 * day `day`, in order; stops early when fn returns true, and returns
 * whether it did. */
static bool each_range(const struct schedule *s, int64_t day,
	bool (*fn)(int64_t a, int64_t b, void *arg), void *arg)
{
	if (holiday(s, day))
		return false;
	int weekday = (int)(((day % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	for (int i = 0; i < s->niv; i++) {
		int wd = s->iv[i].start / 1440;
		if (wd != weekday)
			continue;
		int64_t base = day * DAY - (int64_t)wd * 1440 * 60;
		int64_t a = tz_local_to_utc(s->tz, base + (int64_t)s->iv[i].start * 60);
		int64_t b = tz_local_to_utc(s->tz, base + (int64_t)s->iv[i].end * 60);
		if (b > a && fn(a, b, arg))
			return true;
	}
	return false;
}

struct add_state {
	int64_t from, left, result;
};

static bool add_range(int64_t a, int64_t b, void *arg)
{
	struct add_state *st = arg;
	if (b <= st->from)
		return false;
	if (a < st->from)
		a = st->from;
	if (st->left <= b - a) {
		st->result = a + st->left;
		return true;
	}
	st->left -= b - a;
	return false;
}

int64_t schedule_add_minutes(const struct schedule *s, int64_t t, int64_t minutes)
{
	if (minutes <= 0)
		return t;
	if (s->niv == 0)
		return -1;
	struct add_state st = { t, minutes * 60, -1 };
	/* Start a day early: an interval of the previous local day can still
	 * be running at t. */
	int64_t day = local_day(s, t) - 1;
	for (int n = 0; n <= MAX_DAYS; n++, day++)
		if (each_range(s, day, add_range, &st))
			return st.result;
	return -1;
}

struct sum_state {
	int64_t t1, t2, sum;
};

static bool sum_range(int64_t a, int64_t b, void *arg)
{
	struct sum_state *st = arg;
	if (a < st->t1)
		a = st->t1;
	if (b > st->t2)
		b = st->t2;
	if (b > a)
		st->sum += b - a;
	return false;
}

int64_t schedule_seconds_between(const struct schedule *s, int64_t t1, int64_t t2)
{
	if (t2 <= t1 || s->niv == 0)
		return 0;
	struct sum_state st = { t1, t2, 0 };
	int64_t last = local_day(s, t2) + 1;
	for (int64_t day = local_day(s, t1) - 1; day <= last; day++)
		each_range(s, day, sum_range, &st);
	return st.sum;
}

int64_t schedule_minutes_between(const struct schedule *s, int64_t t1, int64_t t2)
{
	return schedule_seconds_between(s, t1, t2) / 60;
}

bool schedule_is_open(const struct schedule *s, int64_t t)
{
	return schedule_seconds_between(s, t, t + 1) == 1;
}

static int by_start(const void *x, const void *y)
{
	const struct schedule_interval *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

bool schedule_check_intervals(struct schedule_interval *iv, int n, const char **why)
{
	for (int i = 0; i < n; i++) {
		if (iv[i].start < 0 || iv[i].end > 10080 || iv[i].start >= iv[i].end) {
			*why = "start_time must be before end_time, both within 0..10080";
			return false;
		}
		if (iv[i].start / 1440 != (iv[i].end - 1) / 1440) {
			*why = "an interval cannot span calendar days";
			return false;
		}
	}
	qsort(iv, (size_t)n, sizeof(*iv), by_start);
	for (int i = 1; i < n; i++)
		if (iv[i].start < iv[i - 1].end) {
			*why = "intervals cannot overlap";
			return false;
		}
	return true;
}
