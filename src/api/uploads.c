/*
 * uploads.c: /api/v2/uploads (raw bodies, never parsed as JSON; the server
 * allows them up to max_upload) and /api/v2/attachments.
 *
 * Downloads answer the stored bytes with the stored type, as an attachment
 * (Content-Disposition), unsniffable and sandboxed, so an uploaded HTML or
 * SVG file never runs as a page of the API's origin.
 */
#include "parley.h"
#include "api/record.h"
#include "api/routes.h"
#include "core/attachments.h"
#include "http/request.h"
#include "util/arena.h"

static enum pl_err upload(struct req *r)
{
	const char *name = req_query(r, "filename");
	if (!name)
		return ctx_fail(&r->c, PL_BAD_REQUEST, "Parameter filename is required");
	struct attachment_file f = {
		.name = name,
		.content_type = req_header(r, "Content-Type"),
		.data = r->body,
		.size = r->body_len,
	};
	json_t *up;
	enum pl_err e = attachment_upload(&r->c, req_query(r, "token"), &f, &up);
	return e ? e : reply_obj(r, 201, "upload", json_incref(up));
}

static enum pl_err delete_upload(struct req *r)
{
	enum pl_err e = attachment_upload_delete(&r->c, r->key[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err show(struct req *r)
{
	return record_by_id(r, "attachment", attachment_get);
}

/* The file name for a quoted header parameter: printable ASCII without
 * quotes or backslashes. */
static char *header_name(struct arena *a, const char *name)
{
	char *n = arena_strdup(a, name);
	for (char *p = n; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e ||
		    *p == '"' || *p == '\\')
			*p = '_';
	return n;
}

static enum pl_err content(struct req *r)
{
	struct attachment_file f;
	enum pl_err e = attachment_content(&r->c, r->id[0], &f);
	if (e)
		return e;
	reply_header(r, "Content-Disposition", arena_printf(r->c.a,
		"attachment; filename=\"%s\"", header_name(r->c.a, f.name)));
	reply_header(r, "X-Content-Type-Options", "nosniff");
	reply_header(r, "Content-Security-Policy", "sandbox");
	return reply_raw(r, 200, f.content_type, f.data, f.size);
}

const struct route uploads_routes[] = {
	{ V_POST, "uploads", upload, ROLE_END_USER },
	{ V_DELETE, "uploads/{key}", delete_upload, ROLE_END_USER },
	{ V_GET, "attachments/{id}", show, ROLE_END_USER },
	{ V_GET, "attachments/{id}/content", content, ROLE_END_USER },
	{ 0 },
};
