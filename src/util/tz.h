/*
 * tz.h: time zones of the system tz database (IANA names), read directly
 * from its TZif files.
 *
 * Nothing here reads or changes the TZ environment variable or calls
 * localtime/mktime, so any thread may convert times in any zone at any
 * moment without a lock held across the conversion.
 */
#ifndef HEADER_UTIL_TZ_H
#define HEADER_UTIL_TZ_H

#include <stdbool.h>
#include <stdint.h>

struct tz;

/* The zone named by an IANA name ("Europe/Amsterdam", "UTC"), loaded from
 * $TZDIR or /usr/share/zoneinfo on first use and kept for the life of the
 * process.  Returns NULL when the name is malformed or no such zone exists.
 * The zone is immutable and may be shared by every thread. */
const struct tz *tz_get(const char *name);

/* Seconds east of UTC in effect at the instant t (Unix seconds). */
int32_t tz_offset(const struct tz *z, int64_t t);

/* The instant at which the wall-clock time `local` (Unix seconds of that
 * wall time read as if it were UTC) occurs in z.  A time repeated by a
 * backward shift gives its first occurrence; a time skipped by a forward
 * shift gives the instant of the shift, the first one whose wall clock is
 * later. */
int64_t tz_local_to_utc(const struct tz *z, int64_t local);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tz_days_from_civil(int64_t y, int m, int d);
void tz_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

#endif
