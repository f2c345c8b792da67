/*
 * segments.c: user segments, who may read an article (rules in hc.h).
 *
 * Every account has the two built-in segments (migration 0040 creates them
 * with the account); they cannot be changed or deleted.  Deleting another
 * segment makes its articles readable by everyone (ON DELETE SET NULL),
 * as in Zendesk, so admins are told in docs/help-center.md to move
 * articles first.
 */
#include "parley.h"
#include "core/auth.h"
#include "guide/hc.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define SEG_COLS "id, name, user_type, built_in, group_ids, organization_ids, tags," \
	" or_tags, created_at, updated_at"

static json_t *seg_row(struct ctx *c, struct stmt *st)
{
	int64_t id = stmt_i64(st, 0);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "url", json_string(ctx_url(c, "help_center/user_segments/%lld",
		(long long)id)));
	json_object_set_new(o, "name", jstr(stmt_text(st, 1)));
	json_object_set_new(o, "user_type", jstr(stmt_text(st, 2)));
	json_object_set_new(o, "built_in", json_boolean(stmt_i64(st, 3)));
	json_object_set_new(o, "group_ids", jparse(stmt_text(st, 4), json_array()));
	json_object_set_new(o, "organization_ids", jparse(stmt_text(st, 5), json_array()));
	json_object_set_new(o, "tags", jparse(stmt_text(st, 6), json_array()));
	json_object_set_new(o, "or_tags", jparse(stmt_text(st, 7), json_array()));
	json_object_set_new(o, "created_at", jtime(stmt_i64(st, 8)));
	json_object_set_new(o, "updated_at", jtime(stmt_i64(st, 9)));
	return o;
}

enum pl_err hc_segments_list(struct ctx *c, const struct page *p, struct list_result *out)
{
	return list_run(c, p, SEG_COLS, "FROM hc_user_segments WHERE account_id = ?",
		seg_row, out, "i", c->account_id);
}

enum pl_err hc_segment_get(struct ctx *c, int64_t id, json_t **out)
{
	return list_one(c, "SELECT " SEG_COLS " FROM hc_user_segments WHERE account_id = ?"
		" AND id = ?", seg_row, out, "ii", c->account_id, id);
}

enum pl_err hc_segments_applicable(struct ctx *c, int64_t user_id, json_t **out)
{
	struct ctx as = *c;
	if (user_id && user_id != c->me.id) {
		if (!ctx_is_agent(c))
			return ctx_not_found(c);
		memset(&as.me, 0, sizeof(as.me));
		if (auth_load_user(&as, user_id) != PL_OK) {
			c->err_title = NULL;
			return ctx_not_found(c);
		}
	}
	struct hc_reader rd;
	enum pl_err e = hc_reader_get(&as, &rd);
	if (e)
		return e;
	return list_all(c, "SELECT " SEG_COLS " FROM hc_user_segments WHERE account_id = ?"
		" AND (? = '*' OR instr(?, ',' || id || ',') > 0) ORDER BY id", seg_row, out,
		"iss", c->account_id, rd.segs, rd.segs);
}

/* An optional array of ids (ints) or of tags (strings) from in, as JSON
 * text; *out keeps its value when absent. */
static enum pl_err list_field(struct ctx *c, json_t *in, const char *name, bool ints,
	const char **out)
{
	json_t *v = json_object_get(in, name);
	if (!v)
		return PL_OK;
	if (json_is_null(v)) {
		*out = "[]";
		return PL_OK;
	}
	if (!json_is_array(v) || json_array_size(v) > 100)
		return ctx_invalid(c, name, "InvalidValue", "%s: must be a list", name);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (ints ? !json_is_integer(x) : (!json_is_string(x) ||
		    json_string_length(x) == 0 || json_string_length(x) > 80))
			return ctx_invalid(c, name, "InvalidValue", "%s: must be a list of %s",
				name, ints ? "ids" : "tags");
	*out = jdump(c->a, v);
	return PL_OK;
}

struct seg_fields {
	const char *name, *type, *groups, *orgs, *tags, *or_tags;
};

static enum pl_err seg_fields(struct ctx *c, json_t *in, bool create, struct seg_fields *f)
{
	json_t *n = json_object_get(in, "name");
	if ((create || n) && (!json_is_string(n) || json_string_length(n) == 0))
		return ctx_invalid(c, "name", "BlankValue", "Name: cannot be blank");
	if (n && json_string_length(n) > 255)
		return ctx_invalid(c, "name", "TooLong", "Name: is too long (maximum is 255 characters)");
	f->name = n ? json_string_value(n) : NULL;
	json_t *t = json_object_get(in, "user_type");
	if (create || t) {
		const char *ts = json_string_value(t);
		if (!ts || (strcmp(ts, "signed_in_users") && strcmp(ts, "staff")))
			return ctx_invalid(c, "user_type", "InvalidValue",
				"User type: must be signed_in_users or staff");
		f->type = ts;
	}
	enum pl_err e;
	if ((e = list_field(c, in, "group_ids", true, &f->groups)) ||
	    (e = list_field(c, in, "organization_ids", true, &f->orgs)) ||
	    (e = list_field(c, in, "tags", false, &f->tags)) ||
	    (e = list_field(c, in, "or_tags", false, &f->or_tags)))
		return e;
	return PL_OK;
}

enum pl_err hc_segment_create(struct ctx *c, json_t *in, json_t **out)
{
	struct seg_fields f = { .groups = "[]", .orgs = "[]", .tags = "[]", .or_tags = "[]" };
	enum pl_err e = seg_fields(c, in, true, &f);
	if (e)
		return e;
	int64_t id = db_i64(c->db, "INSERT INTO hc_user_segments(account_id, name, user_type,"
		" group_ids, organization_ids, tags, or_tags, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "issssssii", c->account_id,
		f.name, f.type, f.groups, f.orgs, f.tags, f.or_tags, c->now, c->now);
	if (id <= 0)
		return ctx_store_failed(c);
	return hc_segment_get(c, id, out);
}

static enum pl_err not_built_in(struct ctx *c, int64_t id)
{
	int64_t b = db_i64(c->db, "SELECT built_in FROM hc_user_segments WHERE"
		" account_id = ? AND id = ?", "ii", c->account_id, id);
	if (b < 0)
		return ctx_not_found(c);
	if (b)
		return ctx_invalid(c, "built_in", "InvalidValue",
			"Built-in user segments cannot be changed");
	return PL_OK;
}

enum pl_err hc_segment_update(struct ctx *c, int64_t id, json_t *in, json_t **out)
{
	struct seg_fields f = { 0 };
	enum pl_err e;
	if ((e = not_built_in(c, id)) || (e = seg_fields(c, in, false, &f)))
		return e;
	if (!db_exec(c->db, "UPDATE hc_user_segments SET name = coalesce(?, name),"
		" user_type = coalesce(?, user_type), group_ids = coalesce(?, group_ids),"
		" organization_ids = coalesce(?, organization_ids), tags = coalesce(?, tags),"
		" or_tags = coalesce(?, or_tags), updated_at = ? WHERE id = ?", "ssssssii",
		f.name, f.type, f.groups, f.orgs, f.tags, f.or_tags, c->now, id))
		return ctx_store_failed(c);
	return hc_segment_get(c, id, out);
}

enum pl_err hc_segment_delete(struct ctx *c, int64_t id)
{
	enum pl_err e = not_built_in(c, id);
	if (e)
		return e;
	return db_exec(c->db, "DELETE FROM hc_user_segments WHERE id = ?", "i", id)
		? PL_OK : ctx_store_failed(c);
}
