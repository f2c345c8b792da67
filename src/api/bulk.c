/*
 * bulk.c: bulk requests as jobs (see bulk.h).
 */
#include "parley.h"
#include "api/bulk.h"
#include "core/jobs.h"

#include <string.h>

#define BULK_MAX 100

static const char *status_of(const char *action)
{
	return !strcmp(action, "create") ? "Created"
		: !strcmp(action, "delete") ? "Deleted" : "Updated";
}

enum pl_err bulk_run(struct req *r, const char *type, int n, bulk_item_fn fn,
	void *arg)
{
	struct job j;
	job_begin(&r->c, type, n, &j);
	for (int i = 0; i < n; i++) {
		int64_t id = 0;
		const char *action = "update";
		if (fn(r, arg, i, &id, &action))
			job_failed(&r->c, &j, i, id);
		else
			job_ok(&j, i, id, action, status_of(action));
	}
	json_t *out;
	enum pl_err e = job_finish(&r->c, &j, &out);
	return e ? e : reply_obj(r, 200, "job_status", json_incref(out));
}

enum pl_err bulk_item_object(struct req *r, json_t *items, int index, json_t **out)
{
	*out = json_array_get(items, (size_t)index);
	if (!json_is_object(*out))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Item %d is not an object", index);
	return PL_OK;
}

enum pl_err bulk_ids_parse(struct req *r, bulk_resolve_fn resolve, struct bulk_ids *b)
{
	enum pl_err e;
	memset(b, 0, sizeof(*b));
	b->resolve = resolve;
	if ((e = req_id_list(r, "ids", BULK_MAX, &b->ids, &b->n)))
		return e;
	if (!b->n && resolve &&
	    (e = req_str_list(r, "external_ids", BULK_MAX, &b->external_ids, &b->n)))
		return e;
	if (!b->n)
		return ctx_fail(&r->c, PL_BAD_REQUEST, resolve
			? "Give the records with ids= or external_ids="
			: "Give the records with ids=");
	return PL_OK;
}

enum pl_err bulk_id(struct req *r, const struct bulk_ids *b, int index, int64_t *id)
{
	if (b->ids) {
		*id = b->ids[index];
		return PL_OK;
	}
	return b->resolve(&r->c, b->external_ids[index], id);
}

static int64_t id_of(json_t *o)
{
	return json_integer_value(json_object_get(o, "id"));
}

struct create_many {
	bulk_create_fn create;
	json_t *items;
};

static enum pl_err create_item(struct req *r, void *arg, int index, int64_t *id,
	const char **action)
{
	struct create_many *m = arg;
	json_t *in, *o;
	enum pl_err e;
	if ((e = bulk_item_object(r, m->items, index, &in)) ||
	    (e = m->create(&r->c, in, &o)))
		return e;
	*id = id_of(o);
	*action = "create";
	return PL_OK;
}

enum pl_err bulk_create_many(struct req *r, const char *type, const char *plural,
	bulk_create_fn create)
{
	struct create_many m = { .create = create };
	enum pl_err e = req_body_array(r, plural, BULK_MAX, &m.items);
	if (e)
		return e;
	return bulk_run(r, type, (int)json_array_size(m.items), create_item, &m);
}

struct update_many {
	bulk_update_fn update;
	json_t *items;         /* {plural: [...]} form */
	json_t *change;        /* ?ids= form */
	struct bulk_ids ids;
};

static enum pl_err update_item(struct req *r, void *arg, int index, int64_t *id,
	const char **action)
{
	struct update_many *u = arg;
	json_t *in = u->change, *o;
	enum pl_err e;
	if (u->items) {
		if ((e = bulk_item_object(r, u->items, index, &in)))
			return e;
		*id = id_of(in);
		if (*id <= 0)
			return ctx_invalid(&r->c, "id", "BlankValue", "Id: cannot be blank");
	} else if ((e = bulk_id(r, &u->ids, index, id))) {
		return e;
	}
	if ((e = u->update(&r->c, *id, in, &o)))
		return e;
	*action = "update";
	return PL_OK;
}

enum pl_err bulk_update_many(struct req *r, const char *type, const char *plural,
	const char *singular, bulk_update_fn update, bulk_resolve_fn resolve)
{
	struct update_many u = { .update = update };
	json_t *b;
	enum pl_err e = req_body(r, &b);
	if (e)
		return e;
	if (json_object_get(b, plural)) {
		if ((e = req_body_array(r, plural, BULK_MAX, &u.items)))
			return e;
		return bulk_run(r, type, (int)json_array_size(u.items), update_item, &u);
	}
	if ((e = req_body_object(r, singular, &u.change)) ||
	    (e = bulk_ids_parse(r, resolve, &u.ids)))
		return e;
	return bulk_run(r, type, u.ids.n, update_item, &u);
}

enum pl_err bulk_show_many(struct req *r, const char *plural,
	bulk_resolve_fn resolve, bulk_show_fn show)
{
	struct bulk_ids b;
	json_t *items;
	enum pl_err e;
	if ((e = bulk_ids_parse(r, resolve, &b)) ||
	    (e = show(&r->c, b.ids, b.external_ids, b.n, &items)))
		return e;
	return reply_obj(r, 200, plural, json_incref(items));
}

struct destroy_args {
	struct bulk_ids ids;
	bulk_delete_fn del;
};

static enum pl_err destroy_item(struct req *r, void *arg, int index, int64_t *id,
	const char **action)
{
	struct destroy_args *d = arg;
	enum pl_err e;
	if ((e = bulk_id(r, &d->ids, index, id)) || (e = d->del(&r->c, *id)))
		return e;
	*action = "delete";
	return PL_OK;
}

enum pl_err bulk_destroy_many(struct req *r, const char *type,
	bulk_resolve_fn resolve, bulk_delete_fn del)
{
	struct destroy_args d = { .del = del };
	enum pl_err e = bulk_ids_parse(r, resolve, &d.ids);
	return e ? e : bulk_run(r, type, d.ids.n, destroy_item, &d);
}
