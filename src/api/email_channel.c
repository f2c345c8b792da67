/*
 * email_channel.c: the email channel's own resources under
 * /api/v2/channels/email (admins; docs/email.md):
 *
 *   GET  outbox[?status=queued|sent|failed]   outbound mail and its state
 *   GET  outbox/{id}
 *   POST outbox/{id}/retry                    queue a failed message again
 *   GET  inbound                              messages received, and what
 *   GET  inbound/{id}                         became of each
 *   GET|POST templates, GET|PUT|DELETE templates/{id}   email templates
 */
#include "parley.h"
#include "api/page.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/mail_inbound.h"
#include "core/mail_outbox.h"
#include "core/mail_templates.h"
#include "http/request.h"

static enum pl_err outbox_list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)))
		return e;
	if ((e = mail_outbox_list(&r->c, &p, req_query(r, "status"), &res)))
		return e;
	return page_reply(r, &p, "outbox", &res);
}

static enum pl_err outbox_show(struct req *r)
{
	return record_by_id(r, "message", mail_outbox_get);
}

static enum pl_err outbox_retry(struct req *r)
{
	return record_by_id(r, "message", mail_outbox_retry);
}

static enum pl_err inbound_list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e;
	if ((e = page_parse(r, &p, 100)))
		return e;
	if ((e = mail_inbound_list(&r->c, &p, &res)))
		return e;
	return page_reply(r, &p, "inbound", &res);
}

static enum pl_err inbound_show(struct req *r)
{
	return record_by_id(r, "message", mail_inbound_get);
}

static enum pl_err templates_list(struct req *r)
{
	json_t *l;
	enum pl_err e = mail_templates_list(&r->c, &l);
	return e ? e : reply_obj(r, 200, "email_templates", json_incref(l));
}

static enum pl_err template_show(struct req *r)
{
	return record_by_id(r, "email_template", mail_template_get);
}

static enum pl_err template_create(struct req *r)
{
	json_t *in, *t;
	enum pl_err e;
	if ((e = req_body_object(r, "email_template", &in)) ||
	    (e = mail_template_create(&r->c, in, &t)))
		return e;
	reply_header(r, "Location", json_string_value(json_object_get(t, "url")));
	return reply_obj(r, 201, "email_template", json_incref(t));
}

static enum pl_err template_update(struct req *r)
{
	return record_update(r, "email_template", mail_template_update);
}

static enum pl_err template_delete(struct req *r)
{
	enum pl_err e = mail_template_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

const struct route email_channel_routes[] = {
	{ V_GET, "channels/email/outbox", outbox_list, ROLE_ADMIN },
	{ V_GET, "channels/email/outbox/{id}", outbox_show, ROLE_ADMIN },
	{ V_POST, "channels/email/outbox/{id}/retry", outbox_retry, ROLE_ADMIN },
	{ V_GET, "channels/email/inbound", inbound_list, ROLE_ADMIN },
	{ V_GET, "channels/email/inbound/{id}", inbound_show, ROLE_ADMIN },
	{ V_GET, "channels/email/templates", templates_list, ROLE_ADMIN },
	{ V_POST, "channels/email/templates", template_create, ROLE_ADMIN },
	{ V_GET, "channels/email/templates/{id}", template_show, ROLE_ADMIN },
	{ V_PUT, "channels/email/templates/{id}", template_update, ROLE_ADMIN },
	{ V_DELETE, "channels/email/templates/{id}", template_delete, ROLE_ADMIN },
	{ 0 },
};
