/*
 * search_sql.c: a parsed search query as SQL over one result type
 * (searchInt.h).  docs/search.md lists the keywords and what they mean.
 *
 * Each term becomes a SQL condition over the type's table (t, u or o), a
 * piece of an FTS5 expression over its full-text index, or, for the
 * ticket attributes migration 0080 indexes as tokens (status, priority,
 * type, channel, group, people by id, organization, brand, form, tags),
 * both: the FTS5 form lets a search be decided and counted inside FTS5,
 * the SQL form lets an index in the sort order drive (search.c chooses).
 * Terms of one keyword with ':' and no '-' are OR'd ("status:open
 * status:pending"); everything else is AND'ed.  A negated SQL condition is
 * NOT coalesce(c, 0), so a ticket without a priority is one that
 * "-priority:high" keeps.
 *
 * The positive FTS5 parts are AND'ed; negated ones are subtracted with NOT
 * or, when nothing is positive, become "id NOT IN (matches)".  Each index
 * holds an account in one rowid range (0080), which every FTS5 query
 * bounds.  Words go to FTS5 quoted, with the ё/ß folding the index applies
 * (0080), so query syntax inside them is just text.
 *
 * Invariants:
 *  1. No value from the query reaches the SQL text: values are bound
 *     (sqlbuf's ?s/?i) and FTS5 expressions are bound as one argument.
 *     Only fixed fragments of this file are written into the text.
 *  2. Every type's SELECT limits rows to the account, to live records
 *     (tickets not deleted, users active) and to what the principal may
 *     see (ticket_access.h; end users see only themselves and their own
 *     organizations among users and organizations).
 */
#include "parley.h"
#include "core/list.h"
#include "core/searchInt.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const search_type_names[R_TYPES] = { "ticket", "user", "organization" };

/* Compiling one type's query. */
struct cx {
	struct ctx *c;
	enum rtype type;
	enum ticket_restriction access;
	bool sql_only;         /* write attributes as SQL only (mixed OR groups) */
	struct sqlbuf where;   /* " AND ..." conditions only SQL checks */
	struct sqlbuf attrs;   /* " AND ..." SQL form of attribute conditions */
	struct sbuf pos;       /* FTS5 positive parts, AND'ed */
	struct sbuf neg;       /* FTS5 negated parts, OR'ed */
	int npos, nneg, ntext; /* ntext: positive parts that are words */
	bool ranged;           /* a created or updated range is in where */
	bool selective;        /* a condition an index finds few rows for */
};

/* What a term became: SQL, FTS5 (words), both (a ticket attribute), or
 * nothing (punctuation), or no meaning for the type. */
enum out { OUT_SQL, OUT_FTS, OUT_ATTR, OUT_NONE, OUT_NA };

static const char *const fts_tables[R_TYPES] = { "ticket_search", "user_search",
	"organization_search" };
static const char *const tables[R_TYPES] = { "tickets", "users", "organizations" };
static const char *const aliases[R_TYPES] = { "t", "u", "o" };

static enum pl_err bad_value(struct cx *x, const struct sq_term *t, const char *expect)
{
	x->c->err_title = "InvalidValue";
	return ctx_fail(x->c, PL_INVALID, "Invalid search query: '%s' is not a valid"
		" value of %s: %s", t->value, t->field ? t->field : "text", expect);
}

static enum pl_err only_equals(struct cx *x, const struct sq_term *t)
{
	x->c->err_title = "InvalidValue";
	return ctx_fail(x->c, PL_INVALID, "Invalid search query: %s takes ':' only;"
		" '<' and '>' work on status, priority, dates and custom fields", t->field);
}

/* ---- text ---- */

/* Whether s has something the tokenizer keeps: an ASCII letter or digit,
 * or a non-ASCII byte.  Terms of punctuation only are dropped. */
static bool has_word(const char *s)
{
	for (; *s; s++)
		if ((*s >= '0' && *s <= '9') || ((*s | 32) >= 'a' && (*s | 32) <= 'z') ||
		    (unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* Appends s quoted for FTS5 ("" inside), with 0080's folding: ё Ё to е Е,
 * ß ẞ to ss SS. */
static void fts_quote(struct sbuf *b, const char *s)
{
	sbuf_add(b, "\"", 1);
	for (; *s; s++) {
		const unsigned char *u = (const unsigned char *)s;
		if (u[0] == 0xD1 && u[1] == 0x91) {
			sbuf_add(b, "\xD0\xB5", 2);
			s++;
		} else if (u[0] == 0xD0 && u[1] == 0x81) {
			sbuf_add(b, "\xD0\x95", 2);
			s++;
		} else if (u[0] == 0xC3 && u[1] == 0x9F) {
			sbuf_add(b, "ss", 2);
			s++;
		} else if (u[0] == 0xE1 && u[1] == 0xBA && u[2] == 0x9E) {
			sbuf_add(b, "SS", 2);
			s += 2;
		} else if (*s == '"') {
			sbuf_add(b, "\"\"", 2);
		} else {
			sbuf_add(b, s, 1);
		}
	}
	sbuf_add(b, "\"", 1);
}

/* The term as an FTS5 expression over cols ("{a b}"). */
static void fts_term(struct sbuf *b, const char *cols, const struct sq_term *t)
{
	sbuf_adds(b, cols);
	sbuf_adds(b, " : (");
	fts_quote(b, t->value);
	if (t->prefix)
		sbuf_adds(b, " *");
	sbuf_adds(b, ")");
}

/* The account's rowid range in every full-text index (0080). */
static int64_t range_lo(const struct ctx *c)
{
	return c->account_id * SEARCH_ROWID_SPAN;
}

static int64_t range_hi(const struct ctx *c)
{
	return range_lo(c) + SEARCH_ROWID_SPAN - 1;
}

/* " IN (the ids fts finds for expr in the account)". */
static void fts_ids(struct cx *x, struct sqlbuf *b, const char *fts, const char *expr)
{
	sqlbuf_add(b, " IN (SELECT rowid - ?i FROM ", range_lo(x->c));
	sqlbuf_add(b, fts);
	sqlbuf_add(b, " WHERE ");
	sqlbuf_add(b, fts);
	sqlbuf_add(b, " MATCH ?s AND rowid BETWEEN ?i AND ?i)", expr, range_lo(x->c),
		range_hi(x->c));
}

/* An attribute token: prefix and value (or its hex, for text that may
 * hold separators: channels and tags), quoted for FTS5 in attrs. */
static void attr_token(struct sbuf *f, const char *prefix, const char *value, bool hex)
{
	sbuf_adds(f, "{attrs} : \"");
	sbuf_adds(f, prefix);
	for (const unsigned char *p = (const unsigned char *)value; hex && *p; p++)
		sbuf_printf(f, "%02x", *p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	if (!hex)
		sbuf_adds(f, value);
	sbuf_adds(f, "\"");
}

static void attr_id(struct sbuf *f, const char *prefix, int64_t id)
{
	char v[24];
	snprintf(v, sizeof(v), "%lld", (long long)id);
	attr_token(f, prefix, v, false);
}

/* Free text's columns: private notes are for agents. */
static const char *text_cols(const struct cx *x)
{
	switch (x->type) {
	case R_TICKET:
		return ctx_is_agent(x->c) ? "{subject description comments notes}"
			: "{subject description comments}";
	case R_USER:
		return "{name email details notes}";
	default:
		return "{name details notes domains}";
	}
}

/* ---- values ---- */

static bool digits(const char *s)
{
	if (!*s || strlen(s) > 18)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static char *lower(struct ctx *c, const char *s)
{
	char *d = arena_strdup(c->a, s);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return d;
}

/* Column names and table names below are fixed strings of this file;
 * sqlbuf_add copies them as text (they hold no placeholder). */

/* before, col, after: text only. */
static void add_col(struct sqlbuf *b, const char *before, const char *col,
	const char *after)
{
	sqlbuf_add(b, before);
	sqlbuf_add(b, col);
	sqlbuf_add(b, after);
}

/* col, then op binding v ("col = ?i"). */
static void col_i(struct sqlbuf *b, const char *col, const char *op, int64_t v)
{
	sqlbuf_add(b, col);
	sqlbuf_add(b, op, v);
}

/* "lower(col) = ?" or, for a prefix term, "lower(col) LIKE ? ESCAPE '\'"
 * against the value, lower-cased. */
static void text_match(struct cx *x, struct sqlbuf *b, const char *col,
	const struct sq_term *t)
{
	add_col(b, "lower(", col, ")");
	if (t->prefix)
		sqlbuf_add(b, " LIKE ?s ESCAPE '\\'", list_like(x->c->a, t->value, true));
	else
		sqlbuf_add(b, " = ?s", lower(x->c, t->value));
}

/* col holds a user the value names: me, none, an id, an email or words
 * of a name.  For me, none and an id, *out = OUT_ATTR and f gets the
 * attribute token (prefix: NULL for none). */
static void user_ref(struct cx *x, struct sqlbuf *b, const char *col,
	const struct sq_term *t, const char *prefix, struct sbuf *f, enum out *out)
{
	const char *v0 = t->value;
	bool me = !t->prefix && !strcasecmp(v0, "me"), none = !t->prefix &&
		!strcasecmp(v0, "none"), id = !t->prefix && digits(v0);
	if (prefix && !x->sql_only && (me || none || id)) {
		attr_id(f, prefix, me ? x->c->me.id : none ? 0 : strtoll(v0, NULL, 10));
		*out = OUT_ATTR;
	}
	const char *v = t->value;
	if (!t->prefix && !strcasecmp(v, "me"))
		col_i(b, col, " = ?i", x->c->me.id);
	else if (!t->prefix && !strcasecmp(v, "none"))
		add_col(b, "", col, " IS NULL");
	else if (!t->prefix && digits(v))
		col_i(b, col, " = ?i", strtoll(v, NULL, 10));
	else if (strchr(v, '@')) {
		x->selective = true;
		col_i(b, col, " IN (SELECT id FROM users WHERE account_id = ?i AND ",
			x->c->account_id);
		text_match(x, b, "email", t);
		sqlbuf_add(b, ")");
	} else {
		struct sbuf e;
		sbuf_init(&e, x->c->a);
		fts_term(&e, "{name email}", t);
		sqlbuf_add(b, col);
		fts_ids(x, b, "user_search", e.s);
		x->selective = true;
	}
}

/* col holds a record of table (groups_, organizations, brands,
 * ticket_forms) the value names: none, an id, or its name.  For none and
 * an id, with a prefix, *out = OUT_ATTR and f gets the token. */
static void named_ref(struct cx *x, struct sqlbuf *b, const char *col,
	const char *table, const struct sq_term *t, const char *prefix, struct sbuf *f,
	enum out *out)
{
	const char *v = t->value;
	bool none = !t->prefix && !strcasecmp(v, "none"), id = !t->prefix && digits(v);
	if (prefix && !x->sql_only && (none || id)) {
		attr_id(f, prefix, none ? 0 : strtoll(v, NULL, 10));
		*out = OUT_ATTR;
	}
	if (!t->prefix && !strcasecmp(v, "none")) {
		add_col(b, "", col, " IS NULL");
		return;
	}
	if (!t->prefix && digits(v)) {
		col_i(b, col, " = ?i", strtoll(v, NULL, 10));
		return;
	}
	x->selective = true;
	add_col(b, "", col, " IN (SELECT id FROM ");
	sqlbuf_add(b, table);
	sqlbuf_add(b, " WHERE account_id = ?i AND ", x->c->account_id);
	text_match(x, b, "name", t);
	sqlbuf_add(b, ")");
}

/* Relative times: a number and a unit ("4hours", "2 days" is two terms). */
static bool relative(const char *v, int64_t now, int64_t *at)
{
	static const struct { const char *unit; int64_t secs; } units[] = {
		{ "minute", 60 }, { "minutes", 60 }, { "hour", 3600 }, { "hours", 3600 },
		{ "day", 86400 }, { "days", 86400 }, { "week", 604800 },
		{ "weeks", 604800 }, { "month", 2592000 }, { "months", 2592000 },
		{ "year", 31536000 }, { "years", 31536000 },
	};
	char *end;
	long long n = strtoll(v, &end, 10);
	if (end == v || n < 0 || n > 100000 || *v == '-' || *v == '+')
		return false;
	for (size_t i = 0; i < PL_ARRAY_LEN(units); i++)
		if (!strcasecmp(end, units[i].unit)) {
			*at = now - n * units[i].secs;
			return true;
		}
	return false;
}

/* The time range a date value names, [lo, hi): a day (2024-05-01), a
 * second (an ISO time), or the instant of a relative time (*rel). */
static bool date_range(struct cx *x, const char *v, int64_t *lo, int64_t *hi,
	bool *rel)
{
	*rel = relative(v, x->c->now, lo);
	if (*rel) {
		*hi = *lo + 1;
		return true;
	}
	if (!time_parse_iso(v, lo))
		return false;
	*hi = *lo + (strlen(v) == 10 ? 86400 : 1);
	return true;
}

/* The interval [*lo, *hi) of times a date term keeps (INT64_MIN, INT64_MAX:
 * unbounded): ':' is within the day or second (relative: since the
 * instant, "created:2hours"), '>' after it, '<' before it. */
static enum pl_err date_interval(struct cx *x, const struct sq_term *t, int64_t *lo,
	int64_t *hi)
{
	int64_t a, b;
	bool rel;
	if (t->prefix || !date_range(x, t->value, &a, &b, &rel))
		return bad_value(x, t, "a date (2024-05-01), a time"
			" (2024-05-01T10:00:00Z) or a relative time (4hours, 2days,"
			" 1week, 3months, 1year)");
	*lo = INT64_MIN;
	*hi = INT64_MAX;
	switch (t->op) {
	case SQ_EQ: *lo = a; *hi = rel ? INT64_MAX : b; break;
	case SQ_GT: *lo = b; break;
	case SQ_GE: *lo = a; break;
	case SQ_LT: *hi = a; break;
	case SQ_LE: *hi = b; break;
	}
	return PL_OK;
}

/* col within [lo, hi). */
static void range_sql(struct sqlbuf *b, const char *col, int64_t lo, int64_t hi)
{
	if (lo >= hi) {
		sqlbuf_add(b, "0");
		return;
	}
	sqlbuf_add(b, "(");
	if (lo != INT64_MIN)
		col_i(b, col, " >= ?i", lo);
	if (lo != INT64_MIN && hi != INT64_MAX)
		sqlbuf_add(b, " AND ");
	if (hi != INT64_MAX)
		col_i(b, col, " < ?i", hi);
	sqlbuf_add(b, ")");
}

/* Tickets with an SLA breach recorded ("?i": the account), to close
 * with ")" after any further condition on last_sla_breach_at. */
#define BREACHED_SQL "t.id IN (SELECT ticket_id FROM ticket_metrics WHERE" \
	" account_id = ?i AND last_sla_breach_at IS NOT NULL"

static bool date_keyword(const char *k)
{
	return !strcmp(k, "created") || !strcmp(k, "updated") || !strcmp(k, "due_date") ||
		!strcmp(k, "solved") || !strcmp(k, "sla_breach");
}

/* The date keyword k of the type within [lo, hi); false when the type
 * has no such date.  "solved" is any change of the ticket to solved in
 * the interval (0080's index of status events by time); "sla_breach" is
 * the latest SLA breach recorded in ticket_metrics (0115's index). */
static bool date_sql(struct cx *x, struct sqlbuf *b, const char *k, int64_t lo,
	int64_t hi)
{
	static const struct { enum rtype type; const char *key, *col; } cols[] = {
		{ R_TICKET, "created", "t.created_at" }, { R_TICKET, "updated", "t.updated_at" },
		{ R_TICKET, "due_date", "t.due_at" }, { R_USER, "created", "u.created_at" },
		{ R_USER, "updated", "u.updated_at" },
		{ R_ORGANIZATION, "created", "o.created_at" },
		{ R_ORGANIZATION, "updated", "o.updated_at" },
	};
	if (x->type == R_TICKET && !strcmp(k, "solved")) {
		x->selective = true;
		sqlbuf_add(b, "t.id IN (SELECT ticket_id FROM ticket_events WHERE"
			" account_id = ?i AND field_name = 'status' AND value = '\"solved\"'"
			" AND ", x->c->account_id);
		range_sql(b, "created_at", lo, hi);
		sqlbuf_add(b, ")");
		return true;
	}
	if (x->type == R_TICKET && !strcmp(k, "sla_breach")) {
		x->selective = true;
		sqlbuf_add(b, BREACHED_SQL " AND ", x->c->account_id);
		range_sql(b, "last_sla_breach_at", lo, hi);
		sqlbuf_add(b, ")");
		return true;
	}
	for (size_t i = 0; i < PL_ARRAY_LEN(cols); i++)
		if (cols[i].type == x->type && !strcmp(cols[i].key, k)) {
			range_sql(b, cols[i].col, lo, hi);
			x->ranged |= strcmp(k, "due_date") != 0;
			x->selective = true;
			return true;
		}
	return false;
}

/* One date term: its interval as SQL, or OUT_NA. */
static enum pl_err date_term(struct cx *x, const struct sq_term *t, struct sqlbuf *b,
	enum out *out)
{
	int64_t lo, hi;
	enum pl_err e = date_interval(x, t, &lo, &hi);
	if (!e)
		*out = date_sql(x, b, t->field, lo, hi) ? OUT_SQL : OUT_NA;
	return e;
}

/* An ordered enumeration (values in rank order, NULL-ended); "none" is
 * rank 0 when nullable.  col IN (the values the operator keeps); with a
 * token prefix also the OR of their tokens in f (*out = OUT_ATTR), unless
 * the operator keeps none. */
static enum pl_err enum_cond(struct cx *x, struct sqlbuf *b, const char *col,
	const char *const *values, bool nullable, bool ordered, const struct sq_term *t,
	const char *prefix, struct sbuf *f, enum out *out)
{
	int want = -1, n = 0;
	if (nullable && !strcasecmp(t->value, "none"))
		want = 0;
	for (int i = 0; values[i]; i++, n++)
		if (!strcasecmp(t->value, values[i]))
			want = i + 1;
	if (want < 0 || t->prefix) {
		struct sbuf e;
		sbuf_init(&e, x->c->a);
		for (int i = 0; values[i]; i++)
			sbuf_printf(&e, "%s%s", i ? ", " : "", values[i]);
		if (nullable)
			sbuf_adds(&e, ", none");
		return bad_value(x, t, e.s);
	}
	if (t->op != SQ_EQ && !ordered)
		return only_equals(x, t);
	bool null_in = false;
	const char *sep = "";
	int kept = 0;
	struct sbuf toks;
	sbuf_init(&toks, x->c->a);
	add_col(b, "(", col, " IN (");
	for (int r = 0; r <= n; r++) {
		bool keep = t->op == SQ_EQ ? r == want : t->op == SQ_LT ? r < want
			: t->op == SQ_LE ? r <= want : t->op == SQ_GT ? r > want : r >= want;
		if (!keep || (r == 0 && !nullable))
			continue;
		sbuf_adds(&toks, kept++ ? " OR " : "(");
		attr_token(&toks, prefix ? prefix : "", r ? values[r - 1] : "none", false);
		if (r == 0) {
			null_in = true;
			continue;
		}
		sqlbuf_add(b, sep);
		sqlbuf_add(b, "'");
		sqlbuf_add(b, values[r - 1]);   /* a fixed value of this file */
		sqlbuf_add(b, "'");
		sep = ", ";
	}
	sqlbuf_add(b, ")");
	if (null_in)
		add_col(b, " OR ", col, " IS NULL");
	sqlbuf_add(b, ")");
	if (prefix && kept && !x->sql_only) {
		sbuf_adds(&toks, ")");
		sbuf_adds(f, toks.s);
		*out = OUT_ATTR;
	}
	return PL_OK;
}

static enum pl_err flag_value(struct cx *x, const struct sq_term *t, int64_t *v)
{
	if (!strcasecmp(t->value, "true"))
		*v = 1;
	else if (!strcasecmp(t->value, "false"))
		*v = 0;
	else
		return bad_value(x, t, "true or false");
	return t->op == SQ_EQ ? PL_OK : only_equals(x, t);
}

/* custom_field_<id>: any value (arrays: any element) equal to the term's,
 * ignoring case; '<' '>' compare numbers as numbers, other text as text
 * (ISO dates order as text). */
static enum pl_err custom_cond(struct cx *x, struct sqlbuf *b, const struct sq_term *t)
{
	const char *path = arena_printf(x->c->a, "$.\"%s\"", t->field + 13);
	if (t->op == SQ_EQ && !t->prefix && !strcasecmp(t->value, "none")) {
		sqlbuf_add(b, "coalesce(json_extract(t.custom_fields, ?s), '') IN ('', '[]')",
			path);
		return PL_OK;
	}
	sqlbuf_add(b, "EXISTS (SELECT 1 FROM json_each(t.custom_fields, ?s) j WHERE ",
		path);
	const char *val = "lower(CASE j.type WHEN 'true' THEN 'true' WHEN 'false'"
		" THEN 'false' ELSE j.value END)";
	if (t->op == SQ_EQ) {
		text_match(x, b, val, t);
	} else {
		static const char *const ops[] = { "", " < ", " > ", " <= ", " >= " };
		char *end;
		strtod(t->value, &end);
		if (t->prefix)
			return bad_value(x, t, "a number or a date to compare with");
		if (*end == '\0')
			sqlbuf_add(b, "j.type IN ('integer', 'real') AND j.value");
		else
			sqlbuf_add(b, "j.type = 'text' AND j.value");
		sqlbuf_add(b, ops[t->op]);
		if (*end == '\0')
			sqlbuf_add(b, "CAST(?s AS REAL)", t->value);
		else
			sqlbuf_add(b, "?s", t->value);
	}
	sqlbuf_add(b, ")");
	return PL_OK;
}

/* ---- one term ---- */

static const char *const statuses[] = { "new", "open", "pending", "hold", "solved",
	"closed", NULL };
static const char *const priorities[] = { "low", "normal", "high", "urgent", NULL };
static const char *const ticket_types[] = { "question", "incident", "problem",
	"task", NULL };

/* Ticket keywords. */
static enum pl_err ticket_term(struct cx *x, const struct sq_term *t,
	struct sqlbuf *b, struct sbuf *f, enum out *out)
{
	const char *k = t->field;
	*out = OUT_SQL;
	bool eq = t->op == SQ_EQ;
	if (!strcmp(k, "status"))
		return enum_cond(x, b, "t.status", statuses, false, true, t, "st", f, out);
	if (!strcmp(k, "priority"))
		return enum_cond(x, b, "t.priority", priorities, true, true, t, "pr", f, out);
	if (!strcmp(k, "ticket_type"))
		return enum_cond(x, b, "t.type", ticket_types, true, false, t, "ty", f, out);
	if (!strcmp(k, "sla_breach") && (!strcasecmp(t->value, "true") ||
	    !strcasecmp(t->value, "false"))) {
		int64_t v;
		enum pl_err e = flag_value(x, t, &v);
		if (!e)
			sqlbuf_add(b, v ? BREACHED_SQL ")" : "NOT " BREACHED_SQL ")",
				x->c->account_id);
		x->selective |= v;
		return e;
	}
	if (date_keyword(k))
		return date_term(x, t, b, out);
	if (!strncmp(k, "custom_field_", 13))
		return custom_cond(x, b, t);
	if (!eq)
		return only_equals(x, t);
	if (!strcmp(k, "assignee"))
		user_ref(x, b, "t.assignee_id", t, "as", f, out);
	else if (!strcmp(k, "requester"))
		user_ref(x, b, "t.requester_id", t, "rq", f, out);
	else if (!strcmp(k, "submitter"))
		user_ref(x, b, "t.submitter_id", t, "sb", f, out);
	else if (!strcmp(k, "cc") && !t->prefix && !strcasecmp(t->value, "none"))
		sqlbuf_add(b, "t.collaborator_ids = '[]'");
	else if (!strcmp(k, "cc")) {
		sqlbuf_add(b, "EXISTS (SELECT 1 FROM json_each(t.collaborator_ids) j WHERE ");
		user_ref(x, b, "j.value", t, NULL, f, out);
		sqlbuf_add(b, ")");
	} else if (!strcmp(k, "commenter")) {
		sqlbuf_add(b, "EXISTS (SELECT 1 FROM ticket_comments cm WHERE"
			" cm.account_id = ?i AND cm.ticket_id = t.id AND ", x->c->account_id);
		user_ref(x, b, "cm.author_id", t, NULL, f, out);
		sqlbuf_add(b, ")");
	} else if (!strcmp(k, "group"))
		named_ref(x, b, "t.group_id", "groups_", t, "g", f, out);
	else if (!strcmp(k, "organization"))
		named_ref(x, b, "t.organization_id", "organizations", t, "or", f, out);
	else if (!strcmp(k, "brand"))
		named_ref(x, b, "t.brand_id", "brands", t, "br", f, out);
	else if (!strcmp(k, "form"))
		named_ref(x, b, "t.ticket_form_id", "ticket_forms", t, "fm", f, out);
	else if ((!strcmp(k, "tags") || !strcmp(k, "tag")) && !t->prefix &&
		 !strcasecmp(t->value, "none"))
		sqlbuf_add(b, "t.tags = '[]'");
	else if (!strcmp(k, "tags") || !strcmp(k, "tag")) {
		const char *v = lower(x->c, t->value);
		if (t->prefix)
			sqlbuf_add(b, "+t.id IN (SELECT ticket_id FROM ticket_tag_index WHERE"
				" account_id = ?i AND tag >= ?s AND tag < ?s || char(1114111))",
				x->c->account_id, v, v);
		else
			sqlbuf_add(b, "+t.id IN (SELECT ticket_id FROM ticket_tag_index WHERE"
				" account_id = ?i AND tag = ?s)", x->c->account_id, v);
		if (!t->prefix && !x->sql_only) {
			attr_token(f, "tg", v, true);
			*out = OUT_ATTR;
		}
	} else if (!strcmp(k, "via")) {
		text_match(x, b, "t.via_channel", t);
		if (!t->prefix && !x->sql_only) {
			attr_token(f, "v", t->value, true);
			*out = OUT_ATTR;
		}
	}
	else if (!strcmp(k, "external_id"))
		sqlbuf_add(b, "t.external_id = ?s", t->value);
	else if (!strcmp(k, "has_attachment")) {
		int64_t v;
		enum pl_err e = flag_value(x, t, &v);
		if (e)
			return e;
		sqlbuf_add(b, "EXISTS (SELECT 1 FROM ticket_comments cm JOIN attachments a"
			" ON a.comment_id = cm.id WHERE cm.account_id = ?i AND"
			" cm.ticket_id = t.id) = ?i", x->c->account_id, v);
	} else if (!strcmp(k, "fieldvalue")) {
		sqlbuf_add(b, "EXISTS (SELECT 1 FROM json_tree(t.custom_fields) j WHERE"
			" j.atom IS NOT NULL AND ");
		text_match(x, b, "CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN"
			" 'false' ELSE j.value END", t);
		sqlbuf_add(b, ")");
	} else if (!strcmp(k, "subject") || !strcmp(k, "description") ||
		   !strcmp(k, "comment")) {
		*out = OUT_FTS;
		fts_term(f, !strcmp(k, "subject") ? "{subject}" : !strcmp(k, "description")
			? "{description}" : ctx_is_agent(x->c)
			? "{description comments notes}" : "{description comments}", t);
	} else
		*out = OUT_NA;
	return PL_OK;
}

/* Keywords users and organizations share: tags, external_id, dates, and
 * their text columns.  *out = OUT_NA when k is none of them. */
static enum pl_err people_term(struct cx *x, const struct sq_term *t,
	struct sqlbuf *b, struct sbuf *f, enum out *out)
{
	const char *k = t->field;
	const char *extra = x->type == R_USER ? "u.extra" : "o.extra";
	*out = OUT_SQL;
	if (date_keyword(k))
		return date_term(x, t, b, out);
	bool text_col = !strcmp(k, "name") || !strcmp(k, "notes") || !strcmp(k, "details");
	if (t->op != SQ_EQ && (text_col || !strcmp(k, "tags") || !strcmp(k, "tag") ||
	    !strcmp(k, "external_id")))
		return only_equals(x, t);
	if (text_col) {
		*out = OUT_FTS;
		fts_term(f, arena_printf(x->c->a, "{%s}", k), t);
	} else if ((!strcmp(k, "tags") || !strcmp(k, "tag")) && !t->prefix &&
		   !strcasecmp(t->value, "none")) {
		add_col(b, "coalesce(json_array_length(", extra, ", '$.tags'), 0) = 0");
	} else if (!strcmp(k, "tags") || !strcmp(k, "tag")) {
		add_col(b, "EXISTS (SELECT 1 FROM json_each(", extra, ", '$.tags') j WHERE ");
		text_match(x, b, "j.value", t);
		sqlbuf_add(b, ")");
	} else if (!strcmp(k, "external_id")) {
		sqlbuf_add(b, x->type == R_USER ? "u.external_id" : "o.external_id");
		sqlbuf_add(b, " = ?s", t->value);
	} else
		*out = OUT_NA;
	return PL_OK;
}

static enum pl_err user_term(struct cx *x, const struct sq_term *t,
	struct sqlbuf *b, struct sbuf *f, enum out *out)
{
	const char *k = t->field;
	enum pl_err e = people_term(x, t, b, f, out);
	if (e || *out != OUT_NA)
		return e;
	*out = OUT_SQL;
	bool known = !strcmp(k, "email") || !strcmp(k, "role") || !strcmp(k, "phone") ||
		!strcmp(k, "organization") || !strcmp(k, "group") || !strcmp(k, "is_suspended");
	if (!known) {
		*out = OUT_NA;
		return PL_OK;
	}
	if (t->op != SQ_EQ)
		return only_equals(x, t);
	if (!strcmp(k, "email"))
		text_match(x, b, "u.email", t);
	else if (!strcmp(k, "phone"))
		text_match(x, b, "json_extract(u.extra, '$.phone')", t);
	else if (!strcmp(k, "is_suspended")) {
		int64_t v;
		if ((e = flag_value(x, t, &v)))
			return e;
		sqlbuf_add(b, "u.suspended = ?i", v);
	} else if (!strcmp(k, "role")) {
		const char *v = !strcasecmp(t->value, "end_user") ? "end-user" : t->value;
		if (t->prefix || (strcasecmp(v, "end-user") && strcasecmp(v, "agent") &&
		    strcasecmp(v, "admin")))
			return bad_value(x, t, "end-user, agent or admin");
		sqlbuf_add(b, "u.role = ?s", lower(x->c, v));
	} else if (!strcmp(k, "organization") && !t->prefix &&
		   !strcasecmp(t->value, "none")) {
		sqlbuf_add(b, "u.organization_id IS NULL");
	} else if (!strcmp(k, "organization")) {
		sqlbuf_add(b, "EXISTS (SELECT 1 FROM organization_memberships om WHERE"
			" om.account_id = ?i AND om.user_id = u.id AND ", x->c->account_id);
		named_ref(x, b, "om.organization_id", "organizations", t, NULL, f, out);
		sqlbuf_add(b, ")");
	} else if (!t->prefix && !strcasecmp(t->value, "none")) {
		sqlbuf_add(b, "NOT EXISTS (SELECT 1 FROM group_memberships gm WHERE"
			" gm.account_id = ?i AND gm.user_id = u.id)", x->c->account_id);
	} else {
		sqlbuf_add(b, "EXISTS (SELECT 1 FROM group_memberships gm WHERE"
			" gm.account_id = ?i AND gm.user_id = u.id AND ", x->c->account_id);
		named_ref(x, b, "gm.group_id", "groups_", t, NULL, f, out);
		sqlbuf_add(b, ")");
	}
	return PL_OK;
}

/* Free text: FTS5 words, except that a bare number also finds the ticket
 * with that id. */
static void text_term(struct cx *x, const struct sq_term *t, struct sqlbuf *b,
	struct sbuf *f, enum out *out)
{
	if (!has_word(t->value)) {
		*out = OUT_NONE;
		return;
	}
	if (x->type == R_TICKET && !t->phrase && !t->prefix && digits(t->value)) {
		struct sbuf e;
		sbuf_init(&e, x->c->a);
		fts_term(&e, text_cols(x), t);
		sqlbuf_add(b, "(t.id = ?i OR t.id", strtoll(t->value, NULL, 10));
		fts_ids(x, b, "ticket_search", e.s);
		sqlbuf_add(b, ")");
		*out = OUT_SQL;
		return;
	}
	fts_term(f, text_cols(x), t);
	*out = OUT_FTS;
}

static enum pl_err term(struct cx *x, const struct sq_term *t, struct sqlbuf *b,
	struct sbuf *f, enum out *out)
{
	if (!t->field) {
		text_term(x, t, b, f, out);
		return PL_OK;
	}
	switch (x->type) {
	case R_TICKET: return ticket_term(x, t, b, f, out);
	case R_USER: return user_term(x, t, b, f, out);
	default: return people_term(x, t, b, f, out);
	}
}

/* ---- the whole query ---- */

/* Whether terms i and j join one OR group: one keyword, ':' and no '-'. */
static bool same_group(const struct sq_term *a, const struct sq_term *b)
{
	return a->field && b->field && !a->neg && !b->neg && a->op == SQ_EQ &&
		b->op == SQ_EQ && !strcmp(a->field, b->field);
}

/* The terms of the group starting at i (marked in used), OR'ed: SQL in
 * b, FTS5 in f; *kind is what they are (all SQL once one is). */
static enum pl_err group_terms(struct cx *x, const struct sq_query *q, int i,
	bool *used, struct sqlbuf *b, struct sbuf *f, enum out *kind)
{
	int parts = 0;
	*kind = OUT_NONE;
	for (int j = i; j < q->n; j++) {
		if ((j > i && (used[j] || !same_group(&q->terms[i], &q->terms[j]))) ||
		    (j == i && used[j] && !x->sql_only))
			continue;
		used[j] = true;
		struct sqlbuf tb;
		struct sbuf tf;
		sqlbuf_init(&tb, x->c->a);
		sbuf_init(&tf, x->c->a);
		enum out o = OUT_SQL;
		enum pl_err e = term(x, &q->terms[j], &tb, &tf, &o);
		if (e || o == OUT_NA) {
			*kind = o;
			return e;
		}
		if (o != OUT_NONE) {
			if (*kind != OUT_NONE && *kind != o)
				*kind = OUT_SQL;   /* mixed: the caller redoes it as SQL */
			else
				*kind = o;
			if (o != OUT_FTS) {
				sqlbuf_add(b, parts ? " OR (" : "((");
				sqlbuf_cat(b, &tb);
				sqlbuf_add(b, ")");
			}
			if (o != OUT_SQL) {
				sbuf_adds(f, parts ? " OR " : "(");
				sbuf_adds(f, tf.s);
			}
			parts++;
		}
		if (j == i && !same_group(&q->terms[i], &q->terms[i]))
			break;
	}
	return PL_OK;
}

/* Whether a group mixes SQL-only terms with FTS5 ones ("group:5
 * group:Tier*"): such a group is compiled again, all as SQL. */
static bool mixed(const struct sqlbuf *b, const struct sbuf *f, enum out kind)
{
	return kind == OUT_SQL && f->len > 0 && !sqlbuf_empty(b);
}

/* Adds a positive or negated FTS5 part. */
static void add_fts(struct cx *x, const struct sbuf *f, bool neg, bool text)
{
	struct sbuf *to = neg ? &x->neg : &x->pos;
	int *count = neg ? &x->nneg : &x->npos;
	sbuf_adds(to, *count ? (neg ? " OR " : " AND ") : "");
	sbuf_adds(to, f->s);
	sbuf_adds(to, ")");
	(*count)++;
	if (text && !neg)
		x->ntext++;
}

/* Adds " AND (b)" or, negated, " AND NOT coalesce((b), 0)" to to. */
static void add_sql(struct sqlbuf *to, const struct sqlbuf *b, bool neg)
{
	sqlbuf_add(to, neg ? " AND NOT coalesce(" : " AND ");
	sqlbuf_cat(to, b);
	sqlbuf_add(to, neg ? "), 0)" : ")");
}

/* The group of terms starting at i (marking them in used) into x. */
static enum pl_err group(struct cx *x, const struct sq_query *q, int i, bool *used,
	bool *applies)
{
	struct sqlbuf b;
	struct sbuf f;
	enum out kind;
	bool *was = arena_alloc(x->c->a, sizeof(*was) * (size_t)q->n);
	memcpy(was, used, sizeof(*was) * (size_t)q->n);
	sqlbuf_init(&b, x->c->a);
	sbuf_init(&f, x->c->a);
	enum pl_err e = group_terms(x, q, i, used, &b, &f, &kind);
	if (!e && mixed(&b, &f, kind)) {
		memcpy(used, was, sizeof(*was) * (size_t)q->n);
		sqlbuf_init(&b, x->c->a);
		sbuf_init(&f, x->c->a);
		x->sql_only = true;
		e = group_terms(x, q, i, used, &b, &f, &kind);
		x->sql_only = false;
	}
	if (e)
		return e;
	bool neg = q->terms[i].neg;
	switch (kind) {
	case OUT_NA:
		*applies = false;
		break;
	case OUT_SQL:
		add_sql(&x->where, &b, neg);
		break;
	case OUT_FTS:
		add_fts(x, &f, neg, true);
		break;
	case OUT_ATTR:
		add_fts(x, &f, neg, false);
		add_sql(&x->attrs, &b, neg);
		break;
	case OUT_NONE:
		break;
	}
	return PL_OK;
}

/* Ranges of one date ("created>2024-05-01 created<2024-06-01") become one
 * interval, so that the index reads the interval once instead of
 * intersecting two half-open ranges ("solved" especially: each half is
 * most of the account's history).  Marks the terms in used. */
static enum pl_err date_ranges(struct cx *x, const struct sq_query *q, bool *used,
	bool *applies)
{
	for (int i = 0; i < q->n && *applies; i++) {
		const struct sq_term *t = &q->terms[i];
		if (used[i] || !t->field || t->neg || t->op == SQ_EQ || !date_keyword(t->field))
			continue;
		int64_t lo = INT64_MIN, hi = INT64_MAX;
		for (int j = i; j < q->n; j++) {
			const struct sq_term *u = &q->terms[j];
			if (used[j] || !u->field || u->neg || u->op == SQ_EQ ||
			    strcmp(u->field, t->field))
				continue;
			int64_t a, b;
			enum pl_err e = date_interval(x, u, &a, &b);
			if (e)
				return e;
			lo = a > lo ? a : lo;
			hi = b < hi ? b : hi;
			used[j] = true;
		}
		struct sqlbuf b;
		sqlbuf_init(&b, x->c->a);
		if (!date_sql(x, &b, t->field, lo, hi)) {
			*applies = false;
			return PL_OK;
		}
		sqlbuf_add(&x->where, " AND ");
		sqlbuf_cat(&x->where, &b);
	}
	return PL_OK;
}

/* What the principal may see of the type's rows. */
static void visible(struct cx *x, struct sqlbuf *b)
{
	struct ctx *c = x->c;
	if (x->type == R_TICKET) {
		sqlbuf_add(b, " AND t.deleted_at IS NULL");
		ticket_access_sql(c, x->access, b);
	} else if (x->type == R_USER) {
		sqlbuf_add(b, " AND u.active = 1");
		if (!ctx_is_agent(c))
			sqlbuf_add(b, " AND u.id = ?i", c->me.id);
	} else if (!ctx_is_agent(c)) {
		sqlbuf_add(b, " AND o.id IN (SELECT organization_id FROM"
			" organization_memberships WHERE account_id = ?i AND user_id = ?i)",
			c->account_id, c->me.id);
	}
}

enum pl_err search_sql(struct ctx *c, const struct sq_query *q, enum rtype type,
	enum ticket_restriction access, struct search_sql *out)
{
	struct cx x = { .c = c, .type = type, .access = access };
	sqlbuf_init(&x.where, c->a);
	sqlbuf_init(&x.attrs, c->a);
	sbuf_init(&x.pos, c->a);
	sbuf_init(&x.neg, c->a);
	memset(out, 0, sizeof(*out));
	out->applies = true;
	out->type = type;
	bool *used = arena_alloc(c->a, sizeof(*used) * (size_t)(q->n ? q->n : 1));
	enum pl_err e = date_ranges(&x, q, used, &out->applies);
	for (int i = 0; i < q->n && out->applies && !e; i++)
		if (!used[i])
			e = group(&x, q, i, used, &out->applies);
	if (e || !out->applies)
		return e;
	out->lo = range_lo(c);
	out->hi = range_hi(c);
	out->text = x.ntext > 0;
	out->ranged = x.ranged;
	out->selective = x.selective;
	if (x.npos)
		out->match = arena_printf(c->a, "(%s)%s%s%s", x.pos.s, x.nneg ? " NOT (" : "",
			x.nneg ? x.neg.s : "", x.nneg ? ")" : "");
	/* Only tickets leave the index when they are no longer live (0080):
	 * users and organizations always need their table. */
	out->narrowed = !sqlbuf_empty(&x.where) || type != R_TICKET ||
		access != TR_NONE || (!x.npos && x.nneg);
	out->where = x.where;
	visible(&x, &out->where);
	if (!x.npos && x.nneg) {
		sqlbuf_add(&out->where, " AND ");
		sqlbuf_add(&out->where, aliases[type]);
		sqlbuf_add(&out->where, ".id NOT");
		fts_ids(&x, &out->where, fts_tables[type], arena_printf(c->a, "%s", x.neg.s));
	}
	out->attrs = x.attrs;
	return PL_OK;
}

const char *search_sql_table(enum rtype type)
{
	return tables[type];
}

const char *search_sql_alias(enum rtype type)
{
	return aliases[type];
}

const char *search_sql_index(enum rtype type)
{
	return fts_tables[type];
}
