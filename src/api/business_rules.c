/*
 * business_rules.c: handlers shared by /api/v2/triggers, /automations and
 * /macros (see business_rules.h).  Roles are the route tables' business;
 * who may change which macro is core/macros.c's.
 */
#include "parley.h"
#include "api/business_rules.h"
#include "api/page.h"
#include "core/business_rules.h"
#include "http/request.h"
#include "util/arena.h"

#include <string.h>

static const char *const plural[] = { "triggers", "automations", "macros" };
static const char *const singular[] = { "trigger", "automation", "macro" };

static enum rule_kind kind_of(struct req *r)
{
	return r->seg[0][0] == 't' ? RULE_TRIGGER : r->seg[0][0] == 'a' ? RULE_AUTOMATION
		: RULE_MACRO;
}

/* active, category_id, access, category, group_id, sort_by, query. */
static enum pl_err filter_parse(struct req *r, struct rule_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->active = -1;
	const char *active = req_query(r, "active");
	if (active && strcmp(active, "true") && strcmp(active, "false"))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Parameter active must be true or false");
	if (active)
		f->active = strcmp(active, "true") == 0;
	enum pl_err e;
	if ((e = req_query_i64(r, "category_id", &f->category_id)) ||
	    (e = req_query_i64(r, "group_id", &f->group_id)))
		return e;
	f->query = req_query(r, "query");
	f->access = req_query(r, "access");
	f->category = req_query(r, "category");
	f->sort_by = req_query(r, "sort_by");
	return PL_OK;
}

static enum pl_err list_by(struct req *r, int active, bool search)
{
	struct rule_filter f;
	struct page p;
	struct list_result res;
	enum rule_kind kind = kind_of(r);
	enum pl_err e = filter_parse(r, &f);
	if (e)
		return e;
	if (search && !f.query)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Parameter query is required");
	if (!search)
		f.query = NULL;
	if (active >= 0)
		f.active = active;
	if ((e = page_parse(r, &p, 100)) ||
	    (e = business_rules_list(&r->c, kind, &f, &p, &res)))
		return e;
	return page_reply(r, &p, plural[kind], &res);
}

enum pl_err rule_api_list(struct req *r)
{
	return list_by(r, -1, false);
}

enum pl_err rule_api_active(struct req *r)
{
	return list_by(r, 1, false);
}

enum pl_err rule_api_search(struct req *r)
{
	return list_by(r, -1, true);
}

enum pl_err rule_api_show(struct req *r)
{
	json_t *t;
	enum rule_kind kind = kind_of(r);
	enum pl_err e = business_rule_get(&r->c, kind, r->id[0], &t);
	return e ? e : reply_obj(r, 200, singular[kind], json_incref(t));
}

enum pl_err rule_api_create(struct req *r)
{
	json_t *in, *t;
	enum rule_kind kind = kind_of(r);
	enum pl_err e;
	if ((e = req_body_object(r, singular[kind], &in)) ||
	    (e = business_rule_create(&r->c, kind, in, &t)))
		return e;
	reply_header(r, "Location", json_string_value(json_object_get(t, "url")));
	return reply_obj(r, 201, singular[kind], json_incref(t));
}

enum pl_err rule_api_update(struct req *r)
{
	json_t *in, *t;
	enum rule_kind kind = kind_of(r);
	enum pl_err e;
	if ((e = req_body_object(r, singular[kind], &in)) ||
	    (e = business_rule_update(&r->c, kind, r->id[0], in, &t)))
		return e;
	return reply_obj(r, 200, singular[kind], json_incref(t));
}

enum pl_err rule_api_destroy(struct req *r)
{
	enum pl_err e = business_rule_delete(&r->c, kind_of(r), r->id[0]);
	return e ? e : reply_no_content(r);
}

enum pl_err rule_api_update_many(struct req *r)
{
	json_t *body, *out;
	enum rule_kind kind = kind_of(r);
	enum pl_err e;
	if ((e = req_body(r, &body)) || (e = business_rules_update_many(&r->c, kind,
		json_object_get(body, plural[kind]), &out)))
		return e;
	return reply_obj(r, 200, plural[kind], json_incref(out));
}

enum pl_err rule_api_destroy_many(struct req *r)
{
	int64_t *ids;
	int n;
	enum pl_err e;
	if ((e = req_id_list(r, "ids", 100, &ids, &n)) ||
	    (e = business_rules_destroy_many(&r->c, kind_of(r), ids, n)))
		return e;
	return reply_no_content(r);
}

enum pl_err rule_api_reorder(struct req *r)
{
	json_t *body, *out;
	enum rule_kind kind = kind_of(r);
	enum pl_err e;
	if ((e = req_body(r, &body)) || (e = business_rules_reorder(&r->c, kind,
		json_object_get(body, arena_printf(r->c.a, "%s_ids", singular[kind])), &out)))
		return e;
	return reply_obj(r, 200, plural[kind], json_incref(out));
}
