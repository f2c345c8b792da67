/*
 * search.c: running searches (search.h): choosing the result types and the
 * order, running each type's part (search_sql.c) the cheapest way its
 * size allows, merging their first results, and rendering the page.
 *
 * Each part first asks its full-text index how many rows match (counting
 * stops at FEW_MATCHES), then counts its results (inside FTS5 when the
 * index alone decides) and reads its first page × per_page results in the
 * asked order; the parts' results are merged in C and the page is cut
 * from them.  Rendering costs one query per result type present.  It all
 * happens in one read transaction: what is rendered is what matched.
 *
 * Without a type: term, every type whose keywords cover the query takes
 * part ("status:open" finds tickets only, "tags:vip" any of the three);
 * a query no type covers is a 422 naming that.  Relevance: see
 * top_by_rank.
 */
#include "parley.h"
#include "core/organizations.h"
#include "core/search.h"
#include "core/searchInt.h"
#include "core/tickets.h"
#include "core/users.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- what to search, in which order ---- */

/*
 * How a part's rows are found when its table must be read:
 *   M_SET     drive from the index's matches ("id IN (matches)")
 *   M_FILTER  drive from the table's own indexes (the sort order, a date
 *             range), keeping rows among the matches ("+id IN (matches)":
 *             the unary plus keeps SQLite from driving by a large set)
 *   M_ATTRS   no full-text index: attribute conditions as SQL
 * SQLite cannot know how many rows an FTS5 match holds, so the choice is
 * made here from the count the index gives first: few matches drive; many
 * matches of words are a filter when a table index gives the order or a
 * date range narrows the rows, and drive otherwise (every row is read
 * either way); many matches of attributes alone leave the index to the
 * table's own (tickets_status...).
 */
enum mode { M_SET, M_FILTER, M_ATTRS };

/* What the rows are read for. */
enum use { U_COUNT, U_ORDERED, U_UNORDERED };

#define FEW_MATCHES 5000

struct part {
	struct search_sql s;
	int64_t matches;        /* what the index finds in the account, counted
	                         * up to FEW_MATCHES + 1; -1: no index */
	enum mode mode;         /* for the current use (mode_for) */
};

struct plan {
	struct sq_query q;
	enum search_sort sort;
	bool desc;
	struct part parts[R_TYPES];
	int nparts;
};

static enum pl_err bad_request(struct ctx *c, const char *fmt, const char *arg)
{
	return ctx_fail(c, PL_BAD_REQUEST, fmt, arg);
}

static enum pl_err sort_of(struct ctx *c, const struct sq_query *q,
	const struct search_params *p, struct plan *pl)
{
	static const struct { const char *name; enum search_sort sort; } names[] = {
		{ "relevance", SORT_RELEVANCE }, { "updated_at", SORT_UPDATED },
		{ "updated", SORT_UPDATED }, { "created_at", SORT_CREATED },
		{ "created", SORT_CREATED }, { "priority", SORT_PRIORITY },
		{ "status", SORT_STATUS }, { "ticket_type", SORT_TYPE },
	};
	const char *by = q->order_by ? q->order_by : p ? p->sort_by : NULL;
	const char *dir = q->sort ? q->sort : p ? p->sort_order : NULL;
	pl->sort = SORT_RELEVANCE;
	if (by) {
		size_t i = 0;
		while (i < PL_ARRAY_LEN(names) && strcasecmp(names[i].name, by))
			i++;
		if (i == PL_ARRAY_LEN(names))
			return bad_request(c, "Invalid search query: cannot sort by '%s';"
				" use updated_at, created_at, priority, status or ticket_type", by);
		pl->sort = names[i].sort;
	}
	if (dir && strcasecmp(dir, "asc") && strcasecmp(dir, "desc"))
		return bad_request(c, "Invalid search query: sort order '%s' is not asc"
			" or desc", dir);
	pl->desc = !dir || !strcasecmp(dir, "desc");
	return PL_OK;
}

/* The result types the query asks for: its type: or all of them. */
static enum pl_err types_of(struct ctx *c, const char *type, bool *want)
{
	for (int i = 0; i < R_TYPES; i++)
		want[i] = !type || !strcmp(type, search_type_names[i]);
	if (!type)
		return PL_OK;
	for (int i = 0; i < R_TYPES; i++)
		if (want[i])
			return PL_OK;
	c->err_title = "InvalidValue";
	return ctx_fail(c, PL_INVALID, "Invalid search query: type:%s is not"
		" searchable; use ticket, user or organization", type);
}

/* Parses and compiles query for the wanted types (want; NULL: by type:). */
static enum pl_err plan(struct ctx *c, const char *query,
	const struct search_params *p, const bool *want_in, struct plan *pl)
{
	enum pl_err e;
	if ((e = search_query_parse(c, query, &pl->q)) || (e = sort_of(c, &pl->q, p, pl)))
		return e;
	if (!pl->q.n && !pl->q.type && !want_in)
		return bad_request(c, "Invalid search query: %s", "the query is empty");
	bool want[R_TYPES];
	if (want_in)
		memcpy(want, want_in, sizeof(want));
	else if ((e = types_of(c, pl->q.type, want)))
		return e;
	enum ticket_restriction access = TR_NONE;
	if (want[R_TICKET] && (e = ticket_access_load(c, &access)))
		return e;
	pl->nparts = 0;
	for (int i = 0; i < R_TYPES; i++) {
		if (!want[i])
			continue;
		struct search_sql s;
		if ((e = search_sql(c, &pl->q, (enum rtype)i, access, &s)))
			return e;
		if (s.applies)
			pl->parts[pl->nparts++] = (struct part){ .s = s, .matches = -1 };
	}
	if (!pl->nparts) {
		c->err_title = "InvalidValue";
		return ctx_fail(c, PL_INVALID, "Invalid search query: no %s has every"
			" keyword of the query", pl->q.type ? pl->q.type
			: "result type (ticket, user, organization)");
	}
	return PL_OK;
}

/* ---- running one type's part ---- */

/* A result: its type, id and sort key (NULL, a number or a text). */
struct hit {
	int k;
	int64_t id;
	bool null;
	double num;
	const char *str;
};

/* " FROM <table> <a> WHERE <a>.account_id = ? <where>" and the index's
 * matches or the attribute conditions, as p's mode says. */
static void from_where(struct ctx *c, const struct part *p, struct sqlbuf *b)
{
	const struct search_sql *s = &p->s;
	const char *a = search_sql_alias(s->type), *idx = search_sql_index(s->type);
	sqlbuf_add(b, " FROM ");
	sqlbuf_add(b, search_sql_table(s->type));
	sqlbuf_add(b, " ");
	sqlbuf_add(b, a);
	sqlbuf_add(b, " WHERE ");
	sqlbuf_add(b, a);
	sqlbuf_add(b, ".account_id = ?i", c->account_id);
	sqlbuf_cat(b, &s->where);
	if (p->mode != M_ATTRS) {
		sqlbuf_add(b, p->mode == M_SET ? " AND " : " AND +");
		sqlbuf_add(b, a);
		sqlbuf_add(b, ".id IN (SELECT rowid - ?i FROM ", s->lo);
		sqlbuf_add(b, idx);
		sqlbuf_add(b, " WHERE ");
		sqlbuf_add(b, idx);
		sqlbuf_add(b, " MATCH ?s AND rowid BETWEEN ?i AND ?i)", s->match, s->lo, s->hi);
	} else {
		sqlbuf_cat(b, &s->attrs);
	}
}

/* "SELECT [id, ]<cols> FROM <index> WHERE <index> MATCH ? AND rowid
 * BETWEEN lo AND hi": the matches in that part of the account's range;
 * with id, the record's id (rowid - the range's start) comes first. */
static void from_index(const struct search_sql *s, bool id, const char *cols,
	int64_t lo, int64_t hi, struct sqlbuf *b)
{
	const char *idx = search_sql_index(s->type);
	sqlbuf_add(b, "SELECT ");
	if (id)
		sqlbuf_add(b, "rowid - ?i AS id, ", s->lo);
	sqlbuf_add(b, cols);
	sqlbuf_add(b, " FROM ");
	sqlbuf_add(b, idx);
	sqlbuf_add(b, " WHERE ");
	sqlbuf_add(b, idx);
	sqlbuf_add(b, " MATCH ?s AND rowid BETWEEN ?i AND ?i", s->match, lo, hi);
}

/* The first column of the first row of b's statement into *out (0 when
 * there is no row). */
static enum pl_err one(struct ctx *c, const struct sqlbuf *b, int64_t *out)
{
	struct stmt *st = sqlbuf_query(c->db, b);
	if (!st)
		return ctx_store_failed(c);
	enum step rc = stmt_step(st);
	*out = rc == STEP_ROW ? stmt_i64(st, 0) : 0;
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* Whether the index finds few matches for p (counting stops past
 * FEW_MATCHES: a large match costs a full pass). */
static enum pl_err prepare_part(struct ctx *c, struct part *p)
{
	const struct search_sql *s = &p->s;
	p->mode = M_ATTRS;
	if (!s->match)
		return PL_OK;
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT count(*) FROM (");
	from_index(s, false, "rowid", s->lo, s->hi, &b);
	sqlbuf_add(&b, " LIMIT ?i)", (int64_t)FEW_MATCHES + 1);
	return one(c, &b, &p->matches);
}

/* Sets p's mode for use: U_ORDERED when an index of the table gives the
 * order asked (created, updated), U_UNORDERED when rows are sorted after
 * being found, U_COUNT for counting. */
static void mode_for(struct part *p, enum use use)
{
	const struct search_sql *s = &p->s;
	bool many = p->matches > FEW_MATCHES;
	if (!s->match || (many && !s->text))
		p->mode = M_ATTRS;   /* attributes: the table's indexes serve them */
	else if (!many || use == U_UNORDERED || (use == U_COUNT && !s->ranged))
		p->mode = M_SET;
	else
		p->mode = M_FILTER;
}

/* The number of results of p: the index's count when it alone decides. */
static enum pl_err count_part(struct ctx *c, const struct part *p, int64_t *n)
{
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	if (p->s.match && !p->s.narrowed) {
		if (p->matches <= FEW_MATCHES) {
			*n = p->matches;
			return PL_OK;
		}
		from_index(&p->s, false, "count(*)", p->s.lo, p->s.hi, &b);
		return one(c, &b, n);
	}
	struct part q = *p;
	mode_for(&q, U_COUNT);
	sqlbuf_add(&b, "SELECT count(*)");
	from_where(c, &q, &b);
	return one(c, &b, n);
}

/* Steps st adding hits of type k: id in column 0, key in column 1 (key
 * negated when neg: "smaller is better" keys of relevance). */
static enum pl_err collect(struct ctx *c, struct stmt *st, int k, bool neg,
	struct hit *hits, int *n, int max)
{
	enum step rc = STEP_DONE;
	while (*n < max && (rc = stmt_step(st)) == STEP_ROW) {
		struct hit *h = &hits[(*n)++];
		*h = (struct hit){ .k = k, .id = stmt_i64(st, 0), .null = stmt_null(st, 1) };
		h->num = stmt_double(st, 1) * (neg ? -1 : 1);
		h->str = arena_strdup(c->a, stmt_text(st, 1));
	}
	stmt_reset(st);
	return rc == STEP_ERR ? ctx_store_failed(c) : PL_OK;
}

/* The sort key of the type's rows, as SQL (relevance without words: the
 * latest update). */
static const char *key_sql(enum rtype type, enum search_sort sort)
{
	bool t = type == R_TICKET;
	switch (sort) {
	case SORT_CREATED:
		return t ? "t.created_at" : type == R_USER ? "u.created_at" : "o.created_at";
	case SORT_PRIORITY:
		return t ? "CASE t.priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2"
			" WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END" : "NULL";
	case SORT_STATUS:
		return t ? "CASE t.status WHEN 'new' THEN 1 WHEN 'open' THEN 2"
			" WHEN 'pending' THEN 3 WHEN 'hold' THEN 4 WHEN 'solved' THEN 5"
			" ELSE 6 END" : "NULL";
	case SORT_TYPE:
		return t ? "t.type" : "NULL";
	default:
		return t ? "t.updated_at" : type == R_USER ? "u.updated_at" : "o.updated_at";
	}
}

/* The first max results of p by a column (relevance without words: the
 * latest update). */
static enum pl_err top_by_column(struct ctx *c, const struct part *pp,
	enum search_sort sort, bool desc, int max, struct hit *hits, int *n)
{
	struct part q = *pp, *p = &q;
	const struct search_sql *s = &p->s;
	mode_for(p, sort == SORT_RELEVANCE || sort == SORT_UPDATED ||
		sort == SORT_CREATED ? U_ORDERED : U_UNORDERED);
	const char *a = search_sql_alias(s->type), *dir = desc ? " DESC" : " ASC";
	bool relevance = sort == SORT_RELEVANCE;
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT ");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".id, ");
	sqlbuf_add(&b, key_sql(s->type, sort));
	from_where(c, p, &b);
	/* With a selective condition, "+" keeps SQLite from walking an index
	 * in the sort order (which LIMIT makes look cheap) past every row
	 * that fails it: the condition's index finds the rows to sort. */
	sqlbuf_add(&b, s->selective ? " ORDER BY +(" : " ORDER BY (");
	sqlbuf_add(&b, key_sql(s->type, sort));
	sqlbuf_add(&b, relevance ? ") DESC, " : ")");
	if (!relevance)
		sqlbuf_add(&b, dir);
	if (!relevance)
		sqlbuf_add(&b, ", ");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".id");
	sqlbuf_add(&b, relevance ? " DESC" : dir);
	sqlbuf_add(&b, " LIMIT ?i", (int64_t)max);
	struct stmt *st = sqlbuf_query(c->db, &b);
	return st ? collect(c, st, s->type, relevance, hits, n, max) : ctx_store_failed(c);
}

/*
 * Relevance: FTS5's bm25 over the RANK_WINDOW most recent matches of the
 * words (bm25 reads every match it ranks, and ranking hundreds of
 * thousands would take seconds), then older matches newest first.  Only
 * the first 1,000 results are ever shown, so with a window of 2,000 a
 * query the index alone decides shows bm25 order only.  A narrowed query
 * keeps the window's matches that pass its conditions, ranked, then
 * older results newest first until it has enough.
 */
#define RANK_WINDOW 2000

/* "(matches) m JOIN <table> <a> ON <a>.id = m.id WHERE <a>.account_id = ?
 * <where>": the matches that pass the part's conditions. */
static void join_table(struct ctx *c, const struct search_sql *s, struct sqlbuf *b)
{
	const char *a = search_sql_alias(s->type);
	sqlbuf_add(b, " m JOIN ");
	sqlbuf_add(b, search_sql_table(s->type));
	sqlbuf_add(b, " ");
	sqlbuf_add(b, a);
	sqlbuf_add(b, " ON ");
	sqlbuf_add(b, a);
	sqlbuf_add(b, ".id = m.id WHERE ");
	sqlbuf_add(b, a);
	sqlbuf_add(b, ".account_id = ?i", c->account_id);
	sqlbuf_cat(b, &s->where);
}

static enum pl_err top_by_rank(struct ctx *c, const struct part *pp, int max,
	struct hit *hits, int *n)
{
	struct part q = *pp, *p = &q;
	const struct search_sql *s = &p->s;
	mode_for(p, s->ranged ? U_ORDERED : U_UNORDERED);
	struct sqlbuf b;
	int64_t bound;
	enum pl_err e;
	sqlbuf_init(&b, c->a);
	from_index(s, false, "rowid", s->lo, s->hi, &b);
	sqlbuf_add(&b, " ORDER BY rowid DESC LIMIT 1 OFFSET ?i", (int64_t)RANK_WINDOW - 1);
	if ((e = one(c, &b, &bound)))
		return e;
	if (!bound)
		bound = s->lo;
	/* The window, ranked (keys: rank, smaller is better). */
	sqlbuf_init(&b, c->a);
	if (!s->narrowed) {
		from_index(s, true, "rank", bound, s->hi, &b);
	} else {
		sqlbuf_add(&b, "SELECT m.id, m.rnk FROM (");
		from_index(s, true, "rank AS rnk", bound, s->hi, &b);
		sqlbuf_add(&b, ")");
		join_table(c, s, &b);
	}
	sqlbuf_add(&b, s->narrowed ? " ORDER BY m.rnk, m.id DESC LIMIT ?i"
		: " ORDER BY rank, rowid DESC LIMIT ?i", (int64_t)max);
	struct stmt *st = sqlbuf_query(c->db, &b);
	if (!st)
		return ctx_store_failed(c);
	if ((e = collect(c, st, s->type, false, hits, n, max)))
		return e;
	if (*n == max || bound == s->lo)
		return PL_OK;
	/* Older results, newest first: keys after every rank. */
	const char *a = search_sql_alias(s->type);
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT ");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".id, 1e15 - ");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".id");
	from_where(c, p, &b);
	sqlbuf_add(&b, " AND ");
	sqlbuf_add(&b, a);
	/* "+" keeps SQLite from walking the whole table backwards by id: the
	 * conditions' own index (a date range...) finds the rows to sort. */
	sqlbuf_add(&b, ".id < ?i ORDER BY +");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".id DESC LIMIT ?i", bound - s->lo, (int64_t)(max - *n));
	st = sqlbuf_query(c->db, &b);
	return st ? collect(c, st, s->type, false, hits, n, max) : ctx_store_failed(c);
}

/*
 * A ticket attribute's order (status, priority, type) when the index alone
 * decides: the matches holding each value of the attribute, value after
 * value in the order asked, each newest (or oldest) first.  Every query is
 * answered inside FTS5 and stops when it has enough, where SQL would read
 * and sort every match.  Keys are those key_sql gives.
 */
static enum pl_err top_by_attr(struct ctx *c, const struct part *p,
	enum search_sort sort, bool desc, int max, struct hit *hits, int *n)
{
	static const char *const statuses[] = { "new", "open", "pending", "hold",
		"solved", "closed" };
	static const char *const priorities[] = { "none", "low", "normal", "high",
		"urgent" };
	static const char *const types[] = { "none", "incident", "problem", "question",
		"task" };
	const char *const *values = sort == SORT_STATUS ? statuses
		: sort == SORT_PRIORITY ? priorities : types;
	const char *prefix = sort == SORT_STATUS ? "st" : sort == SORT_PRIORITY ? "pr"
		: "ty";
	int nv = sort == SORT_STATUS ? 6 : 5;
	const struct search_sql *s = &p->s;
	for (int k = 0; k < nv && *n < max; k++) {
		int v = desc ? nv - 1 - k : k;
		struct search_sql one_value = *s;
		one_value.match = arena_printf(c->a, "(%s) AND {attrs} : \"%s%s\"",
			s->match, prefix, values[v]);
		struct sqlbuf b;
		sqlbuf_init(&b, c->a);
		from_index(&one_value, true, "rowid", s->lo, s->hi, &b);
		sqlbuf_add(&b, desc ? " ORDER BY rowid DESC LIMIT ?i" : " ORDER BY rowid LIMIT ?i",
			(int64_t)(max - *n));
		struct stmt *st = sqlbuf_query(c->db, &b);
		if (!st)
			return ctx_store_failed(c);
		int from = *n;
		enum pl_err e = collect(c, st, s->type, false, hits, n, max);
		if (e)
			return e;
		for (int i = from; i < *n; i++) {
			bool none = sort != SORT_STATUS && v == 0;
			hits[i].null = sort == SORT_TYPE && none;
			hits[i].num = sort == SORT_STATUS ? v + 1 : v;
			hits[i].str = sort == SORT_TYPE && !none ? values[v] : NULL;
		}
	}
	return PL_OK;
}

/* The first max results of p in the plan's order. */
static enum pl_err top_part(struct ctx *c, const struct plan *pl,
	const struct part *p, int max, struct hit *hits, int *n)
{
	if (pl->sort == SORT_RELEVANCE && p->s.text)
		return top_by_rank(c, p, max, hits, n);
	if ((pl->sort == SORT_STATUS || pl->sort == SORT_PRIORITY ||
	     pl->sort == SORT_TYPE) && p->s.match && !p->s.narrowed)
		return top_by_attr(c, p, pl->sort, pl->desc, max, hits, n);
	return top_by_column(c, p, pl->sort, pl->desc, max, hits, n);
}

/* The merge order of hits: relevance keys ascending (rank, or the latest
 * update negated) and ids descending; other keys in the asked direction,
 * NULL first when ascending (as SQLite orders), then type, then id.  arg
 * is the plan. */
static int cmp_key(const struct hit *x, const struct hit *y, enum search_sort sort)
{
	if (x->null || y->null)
		return x->null == y->null ? 0 : x->null ? -1 : 1;
	if (sort == SORT_TYPE)
		return strcmp(x->str ? x->str : "", y->str ? y->str : "");
	return (x->num > y->num) - (x->num < y->num);
}

static int cmp_hits(const void *a, const void *b, void *arg)
{
	const struct hit *x = a, *y = b;
	const struct plan *pl = arg;
	bool rel = pl->sort == SORT_RELEVANCE;
	int d = cmp_key(x, y, pl->sort);
	if (d)
		return rel || !pl->desc ? d : -d;
	if (x->k != y->k)
		return x->k - y->k;
	d = (x->id > y->id) - (x->id < y->id);
	return rel || pl->desc ? -d : d;
}

/* ---- rendering ---- */

/* Appends item (a JSON object text) with "result_type" added. */
static void put_typed(struct sbuf *b, const char *item, enum rtype k)
{
	size_t n = strlen(item);
	sbuf_add(b, item, n - 1);   /* without the closing brace */
	sbuf_printf(b, ",\"result_type\":\"%s\"}", search_type_names[k]);
}

/* Renders users or organizations of hits (type k) into text[i]. */
static enum pl_err render_people(struct ctx *c, const struct hit *hits, int n,
	enum rtype k, const char **text)
{
	json_t *ids = jown(c->a, json_array()), *list;
	for (int i = 0; i < n; i++)
		if (hits[i].k == (int)k)
			json_array_append_new(ids, json_integer(hits[i].id));
	if (!json_array_size(ids))
		return PL_OK;
	enum pl_err e = k == R_USER ? user_list_ids(c, ids, &list) : orgs_by_ids(c, ids, &list);
	if (e)
		return e;
	size_t j;
	json_t *o;
	json_array_foreach(list, j, o) {
		int64_t id = json_integer_value(json_object_get(o, "id"));
		for (int i = 0; i < n; i++)
			if (hits[i].k == (int)k && hits[i].id == id)
				text[i] = jdump(c->a, o);
	}
	return PL_OK;
}

/* The hits rendered in order as a JSON array text; *n counts the items
 * (a record deleted since the ids were read is left out). */
static enum pl_err render(struct ctx *c, const struct hit *hits, int nhits,
	const char **out, int *n)
{
	const char **text = arena_alloc(c->a, sizeof(*text) * (size_t)(nhits + 1));
	int64_t *tids = arena_alloc(c->a, sizeof(*tids) * (size_t)(nhits + 1));
	int *tpos = arena_alloc(c->a, sizeof(*tpos) * (size_t)(nhits + 1));
	int nt = 0;
	for (int i = 0; i < nhits; i++)
		if (hits[i].k == R_TICKET) {
			tpos[nt] = i;
			tids[nt++] = hits[i].id;
		}
	enum pl_err e;
	if (nt) {
		const char **items = arena_alloc(c->a, sizeof(*items) * (size_t)nt);
		if ((e = ticket_render_ids(c, tids, nt, false, items, NULL)))
			return e;
		for (int i = 0; i < nt; i++)
			text[tpos[i]] = items[i];
	}
	if ((e = render_people(c, hits, nhits, R_USER, text)) ||
	    (e = render_people(c, hits, nhits, R_ORGANIZATION, text)))
		return e;
	struct sbuf b;
	sbuf_init(&b, c->a);
	sbuf_add(&b, "[", 1);
	*n = 0;
	for (int i = 0; i < nhits; i++) {
		if (!text[i])
			continue;
		if ((*n)++)
			sbuf_add(&b, ",", 1);
		put_typed(&b, text[i], (enum rtype)hits[i].k);
	}
	sbuf_add(&b, "]", 1);
	*out = b.s;
	return PL_OK;
}

static enum pl_err count_plan(struct ctx *c, const struct plan *pl, int64_t *out)
{
	*out = 0;
	for (int i = 0; i < pl->nparts; i++) {
		int64_t n;
		enum pl_err e = count_part(c, &pl->parts[i], &n);
		if (e)
			return e;
		*out += n;
	}
	return PL_OK;
}

/* The page: hits, total and rendering from one snapshot (run by
 * search_run in a read transaction). */
static enum pl_err run_page(struct ctx *c, const struct search_params *p,
	struct search_page *out)
{
	struct plan pl;
	enum pl_err e = plan(c, p->query, p, NULL, &pl);
	if (e)
		return e;
	int offset = (p->page - 1) * p->per_page;
	if (offset + p->per_page > SEARCH_RESULTS_MAX) {
		c->err_title = "InvalidValue";
		return ctx_fail(c, PL_INVALID, "Search results are limited to the first"
			" 1,000; use search/export or narrow the query");
	}
	for (int i = 0; i < pl.nparts; i++)
		if ((e = prepare_part(c, &pl.parts[i])))
			return e;
	/* Each type's first offset + per_page results, merged. */
	int max = offset + p->per_page, n = 0;
	struct hit *hits = arena_alloc(c->a, sizeof(*hits) * (size_t)max * R_TYPES);
	for (int i = 0; i < pl.nparts; i++) {
		int got = 0;
		if ((e = top_part(c, &pl, &pl.parts[i], max, hits + n, &got)))
			return e;
		n += got;
	}
	qsort_r(hits, (size_t)n, sizeof(*hits), cmp_hits, &pl);
	if ((e = count_plan(c, &pl, &out->count)))
		return e;
	int from = offset < n ? offset : n, len = n - from < p->per_page ? n - from
		: p->per_page;
	return render(c, hits + from, len, &out->results, &out->n);
}

enum pl_err search_run(struct ctx *c, const struct search_params *p,
	struct search_page *out)
{
	if (!db_begin(c->db, false))
		return ctx_store_failed(c);
	enum pl_err e = run_page(c, p, out);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}

enum pl_err search_count(struct ctx *c, const char *query, int64_t *out)
{
	struct plan pl;
	enum pl_err e = plan(c, query, NULL, NULL, &pl);
	for (int i = 0; !e && i < pl.nparts; i++)
		e = prepare_part(c, &pl.parts[i]);
	return e ? e : count_plan(c, &pl, out);
}

/* ---- export ---- */

/* One page of search_export, from one snapshot. */
static enum pl_err export_page(struct ctx *c, const struct search_export_params *p,
	struct search_export_page *out)
{
	bool want[R_TYPES];
	int64_t created = p->after ? p->after_created : INT64_MIN;
	int64_t id = p->after ? p->after_id : 0;
	if (!p->type)
		return bad_request(c, "%s", "filter[type] is required: ticket, user or"
			" organization");
	for (int i = 0; i < R_TYPES; i++)
		want[i] = !strcmp(p->type, search_type_names[i]);
	if (!want[R_TICKET] && !want[R_USER] && !want[R_ORGANIZATION])
		return bad_request(c, "filter[type] '%s' is not ticket, user or"
			" organization", p->type);
	struct plan pl;
	enum pl_err e = plan(c, p->query, NULL, want, &pl);
	if (e)
		return e;
	if (pl.q.type)
		return bad_request(c, "%s", "Invalid search query: use filter[type],"
			" not type:, with search/export");
	if ((e = prepare_part(c, &pl.parts[0])))
		return e;
	mode_for(&pl.parts[0], U_ORDERED);
	const struct search_sql *s = &pl.parts[0].s;
	const char *a = search_sql_alias(s->type);
	struct sqlbuf b;
	sqlbuf_init(&b, c->a);
	sqlbuf_add(&b, "SELECT ");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".id, ");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".created_at");
	from_where(c, &pl.parts[0], &b);
	sqlbuf_add(&b, " AND (");
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".created_at > ?i OR (", created);
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".created_at = ?i AND ", created);
	sqlbuf_add(&b, a);
	sqlbuf_add(&b, ".id > ?i)) ORDER BY 2, 1 LIMIT ?i", id, (int64_t)p->size + 1);
	struct stmt *st = sqlbuf_query(c->db, &b);
	if (!st)
		return ctx_store_failed(c);
	struct hit *hits = arena_alloc(c->a, sizeof(*hits) * (size_t)(p->size + 1));
	int64_t *times = arena_alloc(c->a, sizeof(*times) * (size_t)(p->size + 1));
	int n = 0;
	enum step rc;
	while ((rc = stmt_step(st)) == STEP_ROW && n <= p->size) {
		hits[n] = (struct hit){ .k = s->type, .id = stmt_i64(st, 0) };
		times[n++] = stmt_i64(st, 1);
	}
	stmt_reset(st);
	if (rc == STEP_ERR)
		return ctx_store_failed(c);
	out->has_more = n > p->size;
	if (out->has_more)
		n = p->size;
	if (n) {
		out->first_created = times[0];
		out->first_id = hits[0].id;
		out->last_created = times[n - 1];
		out->last_id = hits[n - 1].id;
	}
	return render(c, hits, n, &out->results, &out->n);
}

enum pl_err search_export(struct ctx *c, const struct search_export_params *p,
	struct search_export_page *out)
{
	if (!db_begin(c->db, false))
		return ctx_store_failed(c);
	enum pl_err e = export_page(c, p, out);
	if (e) {
		db_rollback(c->db);
		return e;
	}
	return db_commit(c->db) ? PL_OK : ctx_store_failed(c);
}
