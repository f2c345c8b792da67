/*
 * record.c: handler shapes shared by resources (see record.h).
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "http/request.h"

enum pl_err record_reply(struct req *r, int status, const char *root,
	enum pl_err e, json_t *const *o)
{
	if (e)
		return e;
	return status == 201 ? reply_created(r, root, json_incref(*o))
		: reply_obj(r, status, root, json_incref(*o));
}

enum pl_err record_count(struct req *r, enum pl_err e, json_t *const *n)
{
	return e ? e : reply_obj(r, 200, "count", json_incref(*n));
}

enum pl_err record_count_of(struct req *r, enum pl_err e, const int64_t *n)
{
	json_t *o;
	if (e || (e = list_count(&r->c, *n, &o)))
		return e;
	return reply_obj(r, 200, "count", json_incref(o));
}

enum pl_err record_by_id(struct req *r, const char *root, record_id_fn fn)
{
	json_t *o = NULL;
	return record_reply(r, 200, root, fn(&r->c, r->id[0], &o), &o);
}

enum pl_err record_create(struct req *r, const char *root, bulk_create_fn create)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, root, &in);
	return record_reply(r, 201, root, e ? e : create(&r->c, in, &o), &o);
}

enum pl_err record_update(struct req *r, const char *root, bulk_update_fn update)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, root, &in);
	return record_reply(r, 200, root, e ? e : update(&r->c, r->id[0], in, &o),
		&o);
}

enum pl_err record_create_or_update(struct req *r, const char *root,
	record_upsert_fn upsert)
{
	json_t *in, *o = NULL;
	bool created = false;
	enum pl_err e = req_body_object(r, root, &in);
	if (!e)
		e = upsert(&r->c, in, &o, &created);
	return record_reply(r, created ? 201 : 200, root, e, &o);
}

enum pl_err record_autocomplete(struct req *r, const char *root,
	record_autocomplete_fn fn)
{
	const char *name = req_query(r, "name");
	struct page p;
	struct list_result res;
	enum pl_err e;
	if (!name)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Give name=");
	if ((e = page_parse(r, &p, 100)) || (e = fn(&r->c, &p, name, &res)))
		return e;
	return page_reply(r, &p, root, &res);
}
