/*
 * pages.c: the public help center of each brand, served at the brand's
 * host under /hc as Zendesk does.
 *
 *   GET  /hc                             -> 302 to the reader's locale
 *   GET  /hc/{locale}                    home: search, categories, promoted
 *   GET  /hc/{locale}/categories/{id}    sections with their first articles
 *   GET  /hc/{locale}/sections/{id}      the section's articles
 *   GET  /hc/{locale}/articles/{id}      article, votes, comments
 *   GET  /hc/{locale}/search?query=      ranked results with snippets
 *   POST /hc/{locale}/articles/{id}/vote      value=up|down (signed in)
 *   POST /hc/{locale}/articles/{id}/comments  body=... (signed in)
 *   GET  /hc/article_attachments/{id}/{name}
 *
 * Ids may carry Zendesk's slug ("/articles/123-How-to").  A locale the
 * brand does not enable redirects to the same page in the reader's
 * locale.  An item missing in the page's locale is shown in its source
 * locale with a notice.  Readers are signed in by a session (account.c)
 * or by HTTP Basic (the same credentials as the API); the forms check
 * Origin so another site cannot post them with a reader's credentials.
 * The contact form and "My requests" are request_pages.c.
 */
#include "parley.h"
#include "api/routes.h"
#include "guide/content.h"
#include "util/html.h"
#include "guide/layout.h"
#include "guide/search.h"
#include "guide/social.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/jsonx.h"
#include "util/url.h"
#include "web/form.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SECTION_PREVIEW 6
#define RESULTS_PER_PAGE 10

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The id at the start of a "123-slug" segment; 0 when there is none. */
static int64_t id_of(const char *seg)
{
	if (!seg || *seg < '0' || *seg > '9')
		return 0;
	char *end;
	long long v = strtoll(seg, &end, 10);
	return (*end == 0 || *end == '-') && v > 0 ? v : 0;
}

static struct page list_page(int size, int number)
{
	struct page p = { .cursor = false, .size = size, .number = number,
		.order = "position ASC, id ASC" };
	return p;
}

static void search_form(struct hc_page *pg, const char *query)
{
	hc_printf(pg, "<form class=\"hc-search\" role=\"search\" method=\"get\""
		" action=\"/hc/%s/search\"><input type=\"search\" name=\"query\""
		" aria-label=\"Search\" placeholder=\"Search\" value=\"%s\">"
		"<button type=\"submit\">Search</button></form>", hc_esc(pg, pg->locale),
		hc_esc(pg, query ? query : ""));
}

static void article_links(struct hc_page *pg, json_t *articles)
{
	size_t i;
	json_t *a;
	sbuf_adds(&pg->b, "<ul class=\"hc-article-list\">");
	json_array_foreach(articles, i, a) {
		hc_printf(pg, "<li><a href=\"/hc/%s/articles/%lld\">%s</a>",
			hc_esc(pg, str(a, "locale")), (long long)num(a, "id"),
			hc_esc(pg, str(a, "title")));
		if (json_is_true(json_object_get(a, "draft")))
			sbuf_adds(&pg->b, "<span class=\"hc-badge\">Draft</span>");
		if (!json_is_null(json_object_get(a, "user_segment_id")))
			sbuf_adds(&pg->b, "<span class=\"hc-badge\">Restricted</span>");
		sbuf_adds(&pg->b, "</li>");
	}
	sbuf_adds(&pg->b, "</ul>");
}

/* ---- GET /hc ---- */

static enum pl_err root(struct req *r)
{
	struct hc_brand b;
	enum pl_err e = hc_brand_get(&r->c, r->c.brand_id, &b);
	if (e)
		return e;
	if (!b.has_help_center)
		return ctx_not_found(&r->c);
	const char *l = hc_locale_preferred(&r->c, b.id, req_header(r, "Accept-Language"));
	reply_header(r, "Vary", "Accept-Language");
	return reply_redirect(r, arena_printf(r->c.a, "/hc/%s", url_escape(r->c.a, l)));
}

/* ---- home ---- */

static enum pl_err home(struct req *r)
{
	const char *l;
	struct hc_page pg;
	enum pl_err e;
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_page_init(&pg, r, l)))
		return e;
	struct hc_filter f = { .brand_id = pg.brand.id, .locale = l };
	struct page p = list_page(100, 1);
	struct list_result cats, promoted;
	if ((e = hc_categories_list(&r->c, &p, &f, &cats)))
		return e;
	hc_page_begin(&pg, NULL, "", NULL);
	sbuf_adds(&pg.b, "<h1>");
	hc_put(&pg, pg.brand.name);
	sbuf_adds(&pg.b, "</h1>");
	search_form(&pg, NULL);
	sbuf_adds(&pg.b, "<ul class=\"hc-blocks\">");
	size_t i;
	json_t *cat;
	json_array_foreach(cats.items, i, cat) {
		struct list_result secs;
		struct hc_filter sf = f;
		sf.category_id = num(cat, "id");
		if ((e = hc_sections_list(&r->c, &p, &sf, &secs)))
			return e;
		hc_printf(&pg, "<li><h2><a href=\"/hc/%s/categories/%lld\">%s</a></h2>",
			hc_esc(&pg, l), (long long)num(cat, "id"), hc_esc(&pg, str(cat, "name")));
		if (*str(cat, "description"))
			hc_printf(&pg, "<p>%s</p>", hc_esc(&pg, str(cat, "description")));
		sbuf_adds(&pg.b, "<ul>");
		size_t k;
		json_t *s;
		json_array_foreach(secs.items, k, s)
			hc_printf(&pg, "<li><a href=\"/hc/%s/sections/%lld\">%s</a></li>",
				hc_esc(&pg, l), (long long)num(s, "id"), hc_esc(&pg, str(s, "name")));
		sbuf_adds(&pg.b, "</ul></li>");
	}
	sbuf_adds(&pg.b, "</ul>");
	f.promoted = true;
	struct page pp = list_page(10, 1);
	if ((e = hc_articles_list(&r->c, &pp, &f, &promoted)))
		return e;
	if (json_array_size(promoted.items)) {
		sbuf_adds(&pg.b, "<section class=\"hc-promoted\"><h2>Promoted articles</h2>");
		article_links(&pg, promoted.items);
		sbuf_adds(&pg.b, "</section>");
	}
	return hc_page_end(&pg);
}

/* Gets a category/section/article in the page's locale, else in its
 * source locale (*fallback set). */
typedef enum pl_err (*getter)(struct ctx *, int64_t, const char *, json_t **);

static enum pl_err get_localized(struct ctx *c, getter get, int64_t id, const char *l,
	json_t **out, bool *fallback)
{
	*fallback = false;
	enum pl_err e = get(c, id, l, out);
	if (e != PL_NOT_FOUND)
		return e;
	c->err_title = NULL;
	c->err_desc = NULL;
	*fallback = true;
	return get(c, id, NULL, out);
}

static void not_translated(struct hc_page *pg, json_t *item)
{
	const char *src = str(item, "locale");
	hc_printf(pg, "<p class=\"hc-notice\">Not available in %s; shown in %s.</p>",
		hc_esc(pg, hc_locale_name(pg->locale)), hc_esc(pg, hc_locale_name(src)));
}

/* <ol> of crumbs: help center, category, section (0 to skip). */
static void crumbs(struct hc_page *pg, int64_t category_id, int64_t section_id)
{
	struct ctx *c = pg->c;
	bool fb;
	json_t *cat = NULL, *sec = NULL;
	hc_printf(pg, "<nav aria-label=\"Breadcrumbs\"><ol class=\"hc-crumbs\">"
		"<li><a href=\"/hc/%s\">", hc_esc(pg, pg->locale));
	hc_put(pg, pg->brand.name);
	sbuf_adds(&pg->b, "</a></li>");
	if (category_id && !get_localized(c, hc_category_get, category_id, pg->locale, &cat, &fb))
		hc_printf(pg, "<li><a href=\"/hc/%s/categories/%lld\">%s</a></li>",
			hc_esc(pg, pg->locale), (long long)category_id, hc_esc(pg, str(cat, "name")));
	if (section_id && !get_localized(c, hc_section_get, section_id, pg->locale, &sec, &fb))
		hc_printf(pg, "<li><a href=\"/hc/%s/sections/%lld\">%s</a></li>",
			hc_esc(pg, pg->locale), (long long)section_id, hc_esc(pg, str(sec, "name")));
	sbuf_adds(&pg->b, "</ol></nav>");
	c->err_title = NULL;
	c->err_desc = NULL;
}

/* Succeeds when item id belongs to the page's help center. */
static enum pl_err in_brand(struct hc_page *pg, enum hc_kind k, int64_t id)
{
	int64_t brand = 0;
	enum pl_err e = hc_item_brand(pg->c, k, id, &brand);
	if (e)
		return e;
	return brand == pg->brand.id ? PL_OK : ctx_not_found(pg->c);
}

/* ---- category ---- */

static enum pl_err category(struct req *r)
{
	const char *l;
	struct hc_page pg;
	json_t *cat;
	bool fb;
	enum pl_err e;
	int64_t id = id_of(r->key[1]);
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_page_init(&pg, r, l)))
		return e;
	if ((e = in_brand(&pg, HC_CATEGORY, id)) ||
	    (e = get_localized(&r->c, hc_category_get, id, l, &cat, &fb)))
		return e;
	struct hc_filter f = { .brand_id = pg.brand.id, .locale = l, .category_id = id };
	struct page p = list_page(100, 1);
	struct list_result secs;
	if ((e = hc_sections_list(&r->c, &p, &f, &secs)))
		return e;
	hc_page_begin(&pg, str(cat, "name"), arena_printf(r->c.a, "categories/%lld",
		(long long)id), NULL);
	crumbs(&pg, 0, 0);
	if (fb)
		not_translated(&pg, cat);
	hc_printf(&pg, "<h1>%s</h1>", hc_esc(&pg, str(cat, "name")));
	if (*str(cat, "description"))
		hc_printf(&pg, "<p>%s</p>", hc_esc(&pg, str(cat, "description")));
	size_t i;
	json_t *s;
	json_array_foreach(secs.items, i, s) {
		struct hc_filter af = { .brand_id = pg.brand.id, .locale = l,
			.section_id = num(s, "id") };
		struct page ap = list_page(SECTION_PREVIEW, 1);
		struct list_result arts;
		if ((e = hc_articles_list(&r->c, &ap, &af, &arts)))
			return e;
		hc_printf(&pg, "<section><h2><a href=\"/hc/%s/sections/%lld\">%s</a></h2>",
			hc_esc(&pg, l), (long long)num(s, "id"), hc_esc(&pg, str(s, "name")));
		article_links(&pg, arts.items);
		if (arts.has_more)
			hc_printf(&pg, "<p><a href=\"/hc/%s/sections/%lld\">See all %lld articles</a></p>",
				hc_esc(&pg, l), (long long)num(s, "id"), (long long)arts.count);
		sbuf_adds(&pg.b, "</section>");
	}
	return hc_page_end(&pg);
}

/* ---- section ---- */

static enum pl_err section(struct req *r)
{
	const char *l;
	struct hc_page pg;
	json_t *sec;
	bool fb;
	int64_t page = 1;
	enum pl_err e;
	int64_t id = id_of(r->key[1]);
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_page_init(&pg, r, l)) ||
	    (e = req_query_i64(r, "page", &page)))
		return e;
	if (page < 1 || page > 1000)
		page = 1;
	if ((e = in_brand(&pg, HC_SECTION, id)) ||
	    (e = get_localized(&r->c, hc_section_get, id, l, &sec, &fb)))
		return e;
	struct hc_filter f = { .brand_id = pg.brand.id, .locale = l, .section_id = id };
	struct page p = list_page(30, (int)page);
	struct list_result arts;
	if ((e = hc_articles_list(&r->c, &p, &f, &arts)))
		return e;
	hc_page_begin(&pg, str(sec, "name"), arena_printf(r->c.a, "sections/%lld",
		(long long)id), NULL);
	crumbs(&pg, num(sec, "category_id"), 0);
	if (fb)
		not_translated(&pg, sec);
	hc_printf(&pg, "<h1>%s</h1>", hc_esc(&pg, str(sec, "name")));
	if (*str(sec, "description"))
		hc_printf(&pg, "<p>%s</p>", hc_esc(&pg, str(sec, "description")));
	article_links(&pg, arts.items);
	if (arts.has_prev)
		hc_printf(&pg, "<a rel=\"prev\" href=\"?page=%lld\">Previous</a> ", (long long)page - 1);
	if (arts.has_more)
		hc_printf(&pg, "<a rel=\"next\" href=\"?page=%lld\">Next</a>", (long long)page + 1);
	return hc_page_end(&pg);
}

/* ---- article ---- */

static void vote_box(struct hc_page *pg, json_t *a)
{
	int64_t id = num(a, "id");
	int mine = hc_vote_of_me(pg->c, id);
	int64_t sum = num(a, "vote_sum"), count = num(a, "vote_count");
	int64_t up = (count + sum) / 2;
	hc_printf(pg, "<section class=\"hc-vote\" id=\"vote\"><h2>Was this article helpful?</h2>"
		"<form method=\"post\" action=\"/hc/%s/articles/%lld/vote\">"
		"<button type=\"submit\" name=\"value\" value=\"up\" aria-pressed=\"%s\">Yes</button> "
		"<button type=\"submit\" name=\"value\" value=\"down\" aria-pressed=\"%s\">No</button>"
		"</form><p class=\"hc-vote-count\">%lld out of %lld found this helpful</p>",
		hc_esc(pg, pg->locale), (long long)id, mine > 0 ? "true" : "false",
		mine < 0 ? "true" : "false", (long long)up, (long long)count);
	if (mine)
		sbuf_adds(&pg->b, "<p class=\"hc-vote-thanks\">Thank you for your feedback.</p>");
	sbuf_adds(&pg->b, "</section>");
}

static enum pl_err comments_box(struct hc_page *pg, json_t *a)
{
	struct ctx *c = pg->c;
	int64_t id = num(a, "id");
	struct page p = { .cursor = false, .size = 100, .number = 1, .order = "id ASC" };
	struct list_result res;
	enum pl_err e = hc_comments_by_article(c, &p, id, &res);
	if (e)
		return e;
	hc_printf(pg, "<section class=\"hc-comments\" id=\"comments\"><h2>Comments (%lld)</h2><ul>",
		(long long)res.count);
	size_t i;
	json_t *cm;
	json_array_foreach(res.items, i, cm) {
		/* Comment bodies are stored sanitized (comments.c). */
		hc_printf(pg, "<li id=\"comment-%lld\"><strong>%s</strong>"
			"<div class=\"hc-comment-body\">%s</div></li>", (long long)num(cm, "id"),
			hc_esc(pg, hc_user_name(c, num(cm, "author_id"))), str(cm, "body"));
	}
	sbuf_adds(&pg->b, "</ul>");
	if (json_is_true(json_object_get(a, "comments_disabled")))
		sbuf_adds(&pg->b, "<p>Comments are closed.</p>");
	else if (c->me.id)
		hc_printf(pg, "<form class=\"hc-comment-form\" method=\"post\""
			" action=\"/hc/%s/articles/%lld/comments\"><label>Add a comment"
			"<textarea name=\"body\" required></textarea></label>"
			"<button type=\"submit\">Post comment</button></form>",
			hc_esc(pg, pg->locale), (long long)id);
	else
		hc_printf(pg, "<p><a href=\"/hc/%s/signin?return_to=%s\">Sign in</a> to comment.</p>",
			hc_esc(pg, pg->locale), hc_esc(pg, url_escape(c->a, arena_printf(c->a,
			"/hc/%s/articles/%lld", pg->locale, (long long)id))));
	sbuf_adds(&pg->b, "</section>");
	return PL_OK;
}

static void attachments_box(struct hc_page *pg, int64_t article_id)
{
	json_t *list;
	if (hc_attachments_list(pg->c, article_id, "block", &list) ||
	    json_array_size(list) == 0)
		return;
	sbuf_adds(&pg->b, "<section class=\"hc-attachments\"><h2>Attachments</h2><ul>");
	size_t i;
	json_t *at;
	json_array_foreach(list, i, at)
		hc_printf(pg, "<li><a href=\"/hc/article_attachments/%lld/%s\">%s</a> (%lld bytes)</li>",
			(long long)num(at, "id"), hc_esc(pg, url_escape(pg->c->a, str(at, "file_name"))),
			hc_esc(pg, str(at, "file_name")), (long long)num(at, "size"));
	sbuf_adds(&pg->b, "</ul></section>");
}

static void agent_box(struct hc_page *pg, json_t *a)
{
	if (!ctx_is_agent(pg->c))
		return;
	hc_printf(pg, "<aside class=\"hc-agent\">Agent view: %lld votes (sum %lld)",
		(long long)num(a, "vote_count"), (long long)num(a, "vote_sum"));
	if (json_is_true(json_object_get(a, "draft")))
		sbuf_adds(&pg->b, " &middot; draft");
	if (!json_is_null(json_object_get(a, "user_segment_id")))
		hc_printf(pg, " &middot; visible to user segment %lld",
			(long long)num(a, "user_segment_id"));
	sbuf_adds(&pg->b, "</aside>");
}

static enum pl_err article(struct req *r)
{
	const char *l;
	struct hc_page pg;
	json_t *a, *trs;
	bool fb;
	enum pl_err e;
	int64_t id = id_of(r->key[1]);
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_page_init(&pg, r, l)) ||
	    (e = in_brand(&pg, HC_ARTICLE, id)) ||
	    (e = get_localized(&r->c, hc_article_get, id, l, &a, &fb)) ||
	    (e = hc_translations_list(&r->c, HC_ARTICLE, id, NULL, &trs)))
		return e;
	json_t *available = jown(r->c.a, json_array());
	size_t i;
	json_t *t;
	json_array_foreach(trs, i, t)
		json_array_append_new(available, json_string(str(t, "locale")));
	json_t *sec = NULL;
	bool sfb;
	int64_t cat_id = 0;
	if (!get_localized(&r->c, hc_section_get, num(a, "section_id"), l, &sec, &sfb))
		cat_id = num(sec, "category_id");
	hc_page_begin(&pg, str(a, "title"), arena_printf(r->c.a, "articles/%lld",
		(long long)id), available);
	crumbs(&pg, cat_id, num(a, "section_id"));
	if (fb)
		not_translated(&pg, a);
	const char *al = str(a, "locale");
	hc_printf(&pg, "<article lang=\"%s\" dir=\"%s\"><h1>%s", hc_esc(&pg, al),
		hc_locale_rtl(al) ? "rtl" : "ltr", hc_esc(&pg, str(a, "title")));
	if (json_is_true(json_object_get(a, "draft")))
		sbuf_adds(&pg.b, "<span class=\"hc-badge\">Draft</span>");
	if (!json_is_null(json_object_get(a, "user_segment_id")))
		sbuf_adds(&pg.b, "<span class=\"hc-badge\">Restricted</span>");
	hc_printf(&pg, "</h1><p class=\"hc-meta\">%s &middot; <time datetime=\"%s\">%.10s</time></p>",
		hc_esc(&pg, hc_user_name(&r->c, num(a, "author_id"))),
		hc_esc(&pg, str(a, "edited_at")), hc_esc(&pg, str(a, "edited_at")));
	agent_box(&pg, a);
	/* Bodies are stored sanitized (translations.c), so they are written
	 * as they are. */
	hc_printf(&pg, "<div class=\"hc-article-body\">%s</div>", str(a, "body"));
	json_t *labels = json_object_get(a, "label_names");
	if (json_array_size(labels)) {
		sbuf_adds(&pg.b, "<p class=\"hc-labels\">");
		json_array_foreach(labels, i, t)
			hc_printf(&pg, "<span class=\"hc-badge\">%s</span>",
				hc_esc(&pg, json_string_value(t)));
		sbuf_adds(&pg.b, "</p>");
	}
	sbuf_adds(&pg.b, "</article>");
	attachments_box(&pg, id);
	vote_box(&pg, a);
	if ((e = comments_box(&pg, a)))
		return e;
	return hc_page_end(&pg);
}

/* ---- search ---- */

static enum pl_err search(struct req *r)
{
	const char *l;
	struct hc_page pg;
	int64_t page = 1;
	enum pl_err e;
	if ((e = hc_page_locale(r, &l)) || !l || (e = hc_page_init(&pg, r, l)) ||
	    (e = req_query_i64(r, "page", &page)))
		return e;
	if (page < 1 || page > 1000)
		page = 1;
	const char *text = req_query(r, "query");
	struct hc_query q = { .brand_id = pg.brand.id, .text = text, .locale = l,
		.page = (int)page, .per_page = RESULTS_PER_PAGE };
	json_t *results;
	int64_t count;
	if ((e = hc_search(&r->c, &q, &results, &count)))
		return e;
	const char *rest = arena_printf(r->c.a, "search?query=%s",
		url_escape(r->c.a, text ? text : ""));
	hc_page_begin(&pg, "Search results", rest, NULL);
	search_form(&pg, text);
	hc_printf(&pg, "<h1>%lld result%s for \xE2\x80\x9C", (long long)count,
		count == 1 ? "" : "s");
	hc_put(&pg, text ? text : "");
	sbuf_adds(&pg.b, "\xE2\x80\x9D</h1><ol class=\"hc-results\">");
	size_t i;
	json_t *a;
	json_array_foreach(results, i, a)
		/* Snippets are escaped by search.c, with <em> around matches. */
		hc_printf(&pg, "<li><a href=\"/hc/%s/articles/%lld\">%s</a><p>%s</p></li>",
			hc_esc(&pg, str(a, "locale")), (long long)num(a, "id"),
			hc_esc(&pg, str(a, "title")), str(a, "snippet"));
	sbuf_adds(&pg.b, "</ol>");
	const char *qs = hc_esc(&pg, url_escape(r->c.a, text ? text : ""));
	if (page > 1)
		hc_printf(&pg, "<a rel=\"prev\" href=\"?query=%s&amp;page=%lld\">Previous</a> ",
			qs, (long long)page - 1);
	if (page * RESULTS_PER_PAGE < count)
		hc_printf(&pg, "<a rel=\"next\" href=\"?query=%s&amp;page=%lld\">Next</a>",
			qs, (long long)page + 1);
	return hc_page_end(&pg);
}

/* ---- forms ---- */

static enum pl_err vote_post(struct req *r)
{
	const char *l;
	enum pl_err e;
	if ((e = hc_same_origin(r)) || (e = hc_page_locale(r, &l)) || !l)
		return e;
	int64_t id = id_of(r->key[1]);
	const char *v = web_form(r, "value");
	if (!v || (strcmp(v, "up") && strcmp(v, "down")))
		return ctx_fail(&r->c, PL_BAD_REQUEST, "value must be up or down");
	json_t *vote;
	bool created;
	if ((e = hc_vote_cast(&r->c, id, !strcmp(v, "up") ? 1 : -1, &vote, &created)))
		return e;
	return reply_redirect(r, arena_printf(r->c.a, "/hc/%s/articles/%lld#vote",
		url_escape(r->c.a, l), (long long)id));
}

/* Plain text from a textarea as HTML: escaped, line breaks kept. */
static char *text_html(struct arena *a, const char *text)
{
	struct sbuf b;
	sbuf_init(&b, a);
	sbuf_adds(&b, "<p>");
	for (const char *p = text; *p; p++) {
		char one[2] = { *p, 0 };
		if (*p == '\n')
			sbuf_adds(&b, "<br>");
		else if (*p != '\r')
			html_escape(&b, one);
	}
	sbuf_adds(&b, "</p>");
	return b.s;
}

static enum pl_err comment_post(struct req *r)
{
	const char *l;
	enum pl_err e;
	if ((e = hc_same_origin(r)) || (e = hc_page_locale(r, &l)) || !l)
		return e;
	int64_t id = id_of(r->key[1]);
	const char *text = web_form(r, "body");
	json_t *in = jown(r->c.a, json_pack("{s:s,s:s}", "body",
		text_html(r->c.a, text ? text : ""), "locale", l));
	json_t *cm;
	if ((e = hc_comment_create(&r->c, id, in, &cm)))
		return e;
	return reply_redirect(r, arena_printf(r->c.a, "/hc/%s/articles/%lld#comment-%lld",
		url_escape(r->c.a, l), (long long)id, (long long)num(cm, "id")));
}

static enum pl_err attachment(struct req *r)
{
	const char *name, *type;
	const void *data;
	size_t size;
	enum pl_err e = hc_attachment_content(&r->c, r->id[0], &name, &type, &data, &size);
	if (e)
		return e;
	static const char *const inline_types[] = {
		"image/png", "image/jpeg", "image/gif", "image/webp",
	};
	bool shown = false;
	for (size_t i = 0; i < PL_ARRAY_LEN(inline_types); i++)
		shown |= !strcasecmp(type, inline_types[i]);
	hc_security_headers(r, false);
	/* Anything but a plain image is a download, never a page. */
	reply_header(r, "Content-Disposition", arena_printf(r->c.a,
		"%s; filename*=UTF-8''%s", shown ? "inline" : "attachment",
		url_escape(r->c.a, name)));
	return reply_raw(r, 200, shown ? type : "application/octet-stream", data, size);
}

const struct route hc_routes[] = {
	{ V_GET | V_HEAD, "hc", root, ROLE_ANON },
	{ V_GET | V_HEAD, "hc/article_attachments/{id}/{key}", attachment, ROLE_ANON },
	{ V_GET | V_HEAD, "hc/{key}", home, ROLE_ANON },
	{ V_GET | V_HEAD, "hc/{key}/search", search, ROLE_ANON },
	{ V_GET | V_HEAD, "hc/{key}/categories/{key}", category, ROLE_ANON },
	{ V_GET | V_HEAD, "hc/{key}/sections/{key}", section, ROLE_ANON },
	{ V_GET | V_HEAD, "hc/{key}/articles/{key}", article, ROLE_ANON },
	{ V_POST, "hc/{key}/articles/{key}/vote", vote_post, ROLE_END_USER },
	{ V_POST, "hc/{key}/articles/{key}/comments", comment_post, ROLE_END_USER },
	{ 0 },
};
