/*
 * help_center_social.c: /api/v2/help_center votes, article comments,
 * subscriptions, user segments, article attachments, and agents' outdated
 * flags and article feedback.
 *
 * Voting, commenting and subscribing need a signed-in user; readers act
 * only on articles they may read.  Attachments are uploaded as Zendesk
 * does, multipart/form-data with a "file" part and an optional "inline"
 * field ("true"/"false").
 */
#include "parley.h"
#include "api/help_center.h"
#include "api/page.h"
#include "api/routes.h"
#include "guide/hc.h"
#include "guide/social.h"
#include "http/request.h"
#include "util/arena.h"

#include <string.h>
#include <strings.h>

static enum pl_err reply_list(struct req *r, const struct page *p, const char *root,
	enum pl_err e, const struct list_result *res)
{
	return e ? e : page_reply(r, p, root, res);
}

/* Answers {root: *o} unless e; o is read after e is computed (the call
 * producing e fills it). */
static enum pl_err reply_item(struct req *r, int status, const char *root,
	enum pl_err e, json_t **o)
{
	return e ? e : reply_obj(r, status, root, json_incref(*o));
}

/* ---- votes ---- */

static enum pl_err vote(struct req *r, int value)
{
	json_t *o = NULL;
	bool created = false;
	enum pl_err e = hc_vote_cast(&r->c, r->id[0], value, &o, &created);
	return reply_item(r, created ? 201 : 200, "vote", e, &o);
}

static enum pl_err vote_up(struct req *r) { return vote(r, 1); }
static enum pl_err vote_down(struct req *r) { return vote(r, -1); }

static enum pl_err vote_show(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "vote", hc_vote_get(&r->c, r->id[0], &o), &o);
}

static enum pl_err vote_delete(struct req *r)
{
	enum pl_err e = hc_vote_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

static enum pl_err article_votes(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "votes",
		hc_votes_by_article(&r->c, &p, r->id[0], &res), &res);
}

static enum pl_err user_votes(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "votes", hc_votes_by_user(&r->c, &p, r->id[0], &res),
		&res);
}

/* ---- comments ---- */

static enum pl_err comments_list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "comments",
		hc_comments_by_article(&r->c, &p, r->id[0], &res), &res);
}

static enum pl_err user_comments(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "comments",
		hc_comments_by_user(&r->c, &p, r->id[0], &res), &res);
}

static enum pl_err comment_show(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "comment", hc_comment_get(&r->c, r->id[0], r->id[1], &o), &o);
}

static enum pl_err comment_create(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "comment", &in);
	return e ? e : reply_item(r, 201, "comment",
		hc_comment_create(&r->c, r->id[0], in, &o), &o);
}

static enum pl_err comment_update(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "comment", &in);
	return e ? e : reply_item(r, 200, "comment",
		hc_comment_update(&r->c, r->id[0], r->id[1], in, &o), &o);
}

static enum pl_err comment_delete(struct req *r)
{
	enum pl_err e = hc_comment_delete(&r->c, r->id[0], r->id[1]);
	return e ? e : reply_no_content(r);
}

/* ---- outdated flags and feedback ---- */

static enum pl_err flags_list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "flags", hc_flags_list(&r->c, &p, r->id[0], &res),
		&res);
}

static enum pl_err flag_create(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "flag", &in);
	return e ? e : reply_item(r, 201, "flag", hc_flag_create(&r->c, r->id[0], in, &o), &o);
}

static enum pl_err flag_update(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "flag", &in);
	return e ? e : reply_item(r, 200, "flag",
		hc_flag_update(&r->c, r->id[0], r->id[1], in, &o), &o);
}

static enum pl_err feedback(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "feedback", hc_feedback(&r->c, r->id[0], &o), &o);
}

/* ---- subscriptions ---- */

static enum pl_err subs_list(struct req *r, enum hc_sub_kind k)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "subscriptions",
		hc_subscriptions_list(&r->c, &p, k, r->id[0], &res), &res);
}

static enum pl_err sub_show(struct req *r, enum hc_sub_kind k)
{
	json_t *o = NULL;
	return reply_item(r, 200, "subscription",
		hc_subscription_get(&r->c, k, r->id[0], r->id[1], &o), &o);
}

static enum pl_err sub_create(struct req *r, enum hc_sub_kind k)
{
	json_t *in, *o = NULL;
	bool created = false;
	enum pl_err e = req_body_object(r, "subscription", &in);
	if (!e)
		e = hc_subscription_create(&r->c, k, r->id[0], in, &o, &created);
	return reply_item(r, created ? 201 : 200, "subscription", e, &o);
}

static enum pl_err sub_delete(struct req *r, enum hc_sub_kind k)
{
	enum pl_err e = hc_subscription_delete(&r->c, k, r->id[0], r->id[1]);
	return e ? e : reply_no_content(r);
}

static enum pl_err article_subs(struct req *r) { return subs_list(r, HC_SUB_ARTICLE); }
static enum pl_err section_subs(struct req *r) { return subs_list(r, HC_SUB_SECTION); }
static enum pl_err article_sub(struct req *r) { return sub_show(r, HC_SUB_ARTICLE); }
static enum pl_err section_sub(struct req *r) { return sub_show(r, HC_SUB_SECTION); }
static enum pl_err article_sub_new(struct req *r) { return sub_create(r, HC_SUB_ARTICLE); }
static enum pl_err section_sub_new(struct req *r) { return sub_create(r, HC_SUB_SECTION); }
static enum pl_err article_sub_del(struct req *r) { return sub_delete(r, HC_SUB_ARTICLE); }
static enum pl_err section_sub_del(struct req *r) { return sub_delete(r, HC_SUB_SECTION); }

static enum pl_err user_subs(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "subscriptions",
		hc_subscriptions_by_user(&r->c, &p, r->id[0], &res), &res);
}

/* ---- user segments ---- */

static enum pl_err segments_list(struct req *r)
{
	struct page p;
	struct list_result res;
	enum pl_err e = page_parse(r, &p, 30);
	return e ? e : reply_list(r, &p, "user_segments", hc_segments_list(&r->c, &p, &res),
		&res);
}

static enum pl_err segments_applicable(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "user_segments",
		hc_segments_applicable(&r->c, r->id[0], &o), &o);
}

static enum pl_err segment_show(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "user_segment", hc_segment_get(&r->c, r->id[0], &o), &o);
}

static enum pl_err segment_create(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "user_segment", &in);
	return e ? e : reply_item(r, 201, "user_segment", hc_segment_create(&r->c, in, &o), &o);
}

static enum pl_err segment_update(struct req *r)
{
	json_t *in, *o = NULL;
	enum pl_err e = req_body_object(r, "user_segment", &in);
	return e ? e : reply_item(r, 200, "user_segment",
		hc_segment_update(&r->c, r->id[0], in, &o), &o);
}

static enum pl_err segment_delete(struct req *r)
{
	enum pl_err e = hc_segment_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

/* ---- attachments ---- */

static enum pl_err attachments_of(struct req *r, const char *which)
{
	json_t *o = NULL;
	return reply_item(r, 200, "article_attachments",
		hc_attachments_list(&r->c, r->id[0], which, &o), &o);
}

static enum pl_err attachments_list(struct req *r) { return attachments_of(r, NULL); }
static enum pl_err attachments_inline(struct req *r) { return attachments_of(r, "inline"); }
static enum pl_err attachments_block(struct req *r) { return attachments_of(r, "block"); }

static enum pl_err attachment_show(struct req *r)
{
	json_t *o = NULL;
	return reply_item(r, 200, "article_attachment", hc_attachment_get(&r->c, r->id[0], &o), &o);
}

static enum pl_err attachment_delete(struct req *r)
{
	enum pl_err e = hc_attachment_delete(&r->c, r->id[0]);
	return e ? e : reply_no_content(r);
}

/* One part of a multipart/form-data body. */
struct part {
	const char *name;          /* form field name */
	const char *file_name;     /* NULL for plain fields */
	const char *content_type;
	const char *data;
	size_t len;
};

static const char *mem_find(const char *h, size_t hn, const char *n, size_t nn)
{
	return memmem(h, hn, n, nn);
}

/* The value of param (name="...") in a Content-Disposition header line, in
 * the arena; NULL when absent. */
static const char *disposition_param(struct req *r, const char *line, size_t n,
	const char *param)
{
	char *key = arena_printf(r->c.a, "%s=\"", param);
	const char *p = line;
	size_t kl = strlen(key);
	while ((p = mem_find(p, n - (size_t)(p - line), key, kl))) {
		if (p == line || p[-1] == ' ' || p[-1] == ';') {
			const char *v = p + kl;
			const char *end = memchr(v, '"', n - (size_t)(v - line));
			return end ? arena_strndup(r->c.a, v, (size_t)(end - v)) : NULL;
		}
		p += kl;
	}
	return NULL;
}

/* Splits the body into at most max parts; PL_BAD_REQUEST when it is not
 * multipart/form-data. */
static enum pl_err multipart(struct req *r, struct part *parts, int max, int *n)
{
	const char *ct = req_header(r, "Content-Type");
	const char *bp = ct ? strstr(ct, "boundary=") : NULL;
	if (!ct || strncasecmp(ct, "multipart/form-data", 19) || !bp)
		return ctx_fail(&r->c, PL_BAD_REQUEST,
			"Attachments are sent as multipart/form-data with a file part");
	bp += 9;
	size_t bl = strcspn(bp, "; ");
	if (*bp == '"')
		bl = strcspn(++bp, "\"");
	char *delim = arena_printf(r->c.a, "--%.*s", (int)bl, bp);
	size_t dl = strlen(delim);
	const char *body = r->body ? r->body : "";
	size_t len = r->body_len;
	const char *p = mem_find(body, len, delim, dl);
	*n = 0;
	while (p && *n < max) {
		p += dl;
		if ((size_t)(p - body) + 2 > len || !strncmp(p, "--", 2))
			break;
		const char *hdr_end = mem_find(p, len - (size_t)(p - body), "\r\n\r\n", 4);
		if (!hdr_end)
			break;
		const char *data = hdr_end + 4;
		char *next_delim = arena_printf(r->c.a, "\r\n%s", delim);
		const char *next = mem_find(data, len - (size_t)(data - body), next_delim, dl + 2);
		if (!next)
			break;
		struct part *pt = &parts[*n];
		memset(pt, 0, sizeof(*pt));
		for (const char *line = p; line < hdr_end;) {
			const char *eol = mem_find(line, (size_t)(hdr_end - line) + 2, "\r\n", 2);
			size_t ll = (size_t)((eol ? eol : hdr_end) - line);
			if (ll > 20 && !strncasecmp(line, "Content-Disposition:", 20)) {
				pt->name = disposition_param(r, line, ll, "name");
				pt->file_name = disposition_param(r, line, ll, "filename");
			} else if (ll > 13 && !strncasecmp(line, "Content-Type:", 13)) {
				const char *v = line + 13;
				while (*v == ' ')
					v++;
				pt->content_type = arena_strndup(r->c.a, v, ll - (size_t)(v - line));
			}
			line = eol ? eol + 2 : hdr_end;
		}
		pt->data = data;
		pt->len = (size_t)(next - data);
		if (pt->name)
			(*n)++;
		p = next + 2;
	}
	return PL_OK;
}

static enum pl_err attachment_create(struct req *r)
{
	struct part parts[4];
	int n;
	enum pl_err e = multipart(r, parts, 4, &n);
	if (e)
		return e;
	const struct part *file = NULL;
	bool is_inline = false;
	for (int i = 0; i < n; i++) {
		if (!strcmp(parts[i].name, "file") && parts[i].file_name)
			file = &parts[i];
		else if (!strcmp(parts[i].name, "inline"))
			is_inline = parts[i].len == 4 && !memcmp(parts[i].data, "true", 4);
	}
	if (!file)
		return ctx_invalid(&r->c, "file", "BlankValue", "File: is required");
	json_t *o = NULL;
	e = hc_attachment_create(&r->c, r->id[0], file->file_name, file->content_type,
		file->data, file->len, is_inline, &o);
	return reply_item(r, 201, "article_attachment", e, &o);
}

const struct route help_center_social_routes[] = {
	{ V_POST, "help_center/articles/{id}/up", vote_up, ROLE_END_USER },
	{ V_POST, "help_center/articles/{id}/down", vote_down, ROLE_END_USER },
	{ V_GET, "help_center/articles/{id}/votes", article_votes, ROLE_AGENT },
	{ V_GET, "help_center/users/{id}/votes", user_votes, ROLE_END_USER },
	{ V_GET, "help_center/votes/{id}", vote_show, ROLE_END_USER },
	{ V_DELETE, "help_center/votes/{id}", vote_delete, ROLE_END_USER },

	{ V_GET, "help_center/articles/{id}/comments", comments_list, ROLE_ANON },
	{ V_POST, "help_center/articles/{id}/comments", comment_create, ROLE_END_USER },
	{ V_GET, "help_center/articles/{id}/comments/{id}", comment_show, ROLE_ANON },
	{ V_PUT, "help_center/articles/{id}/comments/{id}", comment_update, ROLE_END_USER },
	{ V_DELETE, "help_center/articles/{id}/comments/{id}", comment_delete, ROLE_END_USER },
	{ V_GET, "help_center/users/{id}/comments", user_comments, ROLE_END_USER },

	{ V_GET, "help_center/articles/{id}/outdated_flags", flags_list, ROLE_AGENT },
	{ V_POST, "help_center/articles/{id}/outdated_flags", flag_create, ROLE_AGENT },
	{ V_PUT, "help_center/articles/{id}/outdated_flags/{id}", flag_update, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/feedback", feedback, ROLE_AGENT },

	{ V_GET, "help_center/articles/{id}/subscriptions", article_subs, ROLE_END_USER },
	{ V_POST, "help_center/articles/{id}/subscriptions", article_sub_new, ROLE_END_USER },
	{ V_GET, "help_center/articles/{id}/subscriptions/{id}", article_sub, ROLE_END_USER },
	{ V_DELETE, "help_center/articles/{id}/subscriptions/{id}", article_sub_del,
		ROLE_END_USER },
	{ V_GET, "help_center/sections/{id}/subscriptions", section_subs, ROLE_END_USER },
	{ V_POST, "help_center/sections/{id}/subscriptions", section_sub_new, ROLE_END_USER },
	{ V_GET, "help_center/sections/{id}/subscriptions/{id}", section_sub, ROLE_END_USER },
	{ V_DELETE, "help_center/sections/{id}/subscriptions/{id}", section_sub_del,
		ROLE_END_USER },
	{ V_GET, "help_center/users/{id}/subscriptions", user_subs, ROLE_END_USER },

	{ V_GET, "help_center/user_segments", segments_list, ROLE_AGENT },
	{ V_POST, "help_center/user_segments", segment_create, ROLE_ADMIN },
	{ V_GET, "help_center/user_segments/applicable", segments_applicable, ROLE_END_USER },
	{ V_GET, "help_center/user_segments/{id}", segment_show, ROLE_AGENT },
	{ V_PUT, "help_center/user_segments/{id}", segment_update, ROLE_ADMIN },
	{ V_DELETE, "help_center/user_segments/{id}", segment_delete, ROLE_ADMIN },
	{ V_GET, "help_center/users/{id}/user_segments", segments_applicable, ROLE_AGENT },

	{ V_GET, "help_center/articles/attachments/{id}", attachment_show, ROLE_ANON },
	{ V_DELETE, "help_center/articles/attachments/{id}", attachment_delete, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/attachments", attachments_list, ROLE_ANON },
	{ V_POST, "help_center/articles/{id}/attachments", attachment_create, ROLE_AGENT },
	{ V_GET, "help_center/articles/{id}/attachments/inline", attachments_inline, ROLE_ANON },
	{ V_GET, "help_center/articles/{id}/attachments/block", attachments_block, ROLE_ANON },
	{ 0 },
};
