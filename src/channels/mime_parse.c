/*
 * mime_parse.c: reading inbound mail with GMime 3.
 *
 * RFCs: 5322 (message format), 2045-2049 (MIME), 2047 (encoded words),
 * 2231 (parameter continuations and charsets), 2183 (Content-Disposition),
 * 2392 (Content-ID), 3462/6522 (multipart/report), 3834 (Auto-Submitted),
 * 5322 section 3.6.4 (Message-ID, In-Reply-To, References).
 *
 * What becomes what:
 *  - the first text/plain part that is not an attachment is the text
 *    (without trailing blank lines);
 *    later inline text/plain parts outside multipart/alternative (Apple
 *    Mail splits a body around inline images) are appended to it;
 *  - the first inline text/html part is the HTML, cleaned by clean_html(),
 *    which also gives the text when there is no text/plain part;
 *  - every other leaf part, and each attached message (message/rfc822,
 *    kept whole as NAME.eml), is a file; an image with a Content-ID that
 *    is not an attachment is inline.
 *
 * Decoding: transfer encodings by GMime; text parts from their declared
 * charset through iconv to UTF-8, CRLF to LF.  A part without a charset,
 * or whose charset iconv does not know, is taken as UTF-8 when it is valid
 * UTF-8 and as windows-1252 otherwise; any byte still invalid becomes
 * U+FFFD.  Headers in raw 8-bit use the same fallbacks.
 *
 * Limits: MAX_DEPTH nested multiparts, MAX_FILES files, MAX_ADDRS
 * addresses per header; what lies beyond is dropped, never an error.
 */
#include "parley.h"
#include "channels/mime_parse.h"
#include "core/mail.h"
#include "util/arena.h"
#include "util/html.h"

#include <gmime/gmime.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 32
#define MAX_FILES 100
#define MAX_ADDRS 100

struct parse {
	struct arena *a;
	struct mail_msg *m;
	struct sbuf text;
	bool have_text;
	const char *raw_html;
	int cap_files;
};

void mime_init(void)
{
	g_mime_init();
}

/* n bytes of s as valid UTF-8 in the arena; windows-1252 when not UTF-8. */
static char *to_utf8(struct arena *a, const char *s, size_t n)
{
	if (n == 0)
		return arena_strdup(a, "");
	if (g_utf8_validate(s, (gssize)n, NULL))
		return arena_strndup(a, s, n);
	gsize out_len = 0;
	gchar *conv = g_convert_with_fallback(s, (gssize)n, "UTF-8", "WINDOWS-1252",
		"?", NULL, &out_len, NULL);
	if (!conv) {
		gchar *valid = g_utf8_make_valid(s, (gssize)n);
		char *r = arena_strdup(a, valid);
		g_free(valid);
		return r;
	}
	gchar *valid = g_utf8_make_valid(conv, (gssize)out_len);
	char *r = arena_strdup(a, valid);
	g_free(valid);
	g_free(conv);
	return r;
}

/* A header-derived string (already decoded by GMime) made safe. */
static const char *hstr(struct arena *a, const char *s)
{
	return s ? to_utf8(a, s, strlen(s)) : NULL;
}

static bool is_utf8_name(const char *cs)
{
	return !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8") ||
		!strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii");
}

/* The decoded content of part; as text (charset to UTF-8, LF line ends)
 * when text is true.  *n is the length; arena memory, NUL-terminated. */
static char *content(struct arena *a, GMimePart *part, bool text, size_t *n)
{
	*n = 0;
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return arena_strdup(a, "");
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *fs = g_mime_stream_filter_new(mem);
	bool converted = false;
	if (text) {
		const char *cs = g_mime_object_get_content_type_parameter(
			GMIME_OBJECT(part), "charset");
		if (cs && !is_utf8_name(cs)) {
			GMimeFilter *f = g_mime_filter_charset_new(cs, "UTF-8");
			if (f) {
				g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), f);
				g_object_unref(f);
				converted = true;
			}
		}
		GMimeFilter *d = g_mime_filter_dos2unix_new(FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), d);
		g_object_unref(d);
	}
	g_mime_data_wrapper_write_to_stream(w, fs);
	g_mime_stream_flush(fs);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	char *r;
	if (text && !converted) {
		r = to_utf8(a, (const char *)ba->data, ba->len);
		*n = strlen(r);
	} else if (text) {
		gchar *valid = g_utf8_make_valid(ba->len ? (const char *)ba->data : "",
			(gssize)ba->len);
		r = arena_strdup(a, valid);
		*n = strlen(r);
		g_free(valid);
	} else {
		r = arena_alloc(a, ba->len + 1);
		if (ba->len)
			memcpy(r, ba->data, ba->len);
		*n = ba->len;
	}
	g_object_unref(fs);
	g_object_unref(mem);
	return r;
}

/* The one place HTML from mail is cleaned (util/html.h, the whitelist the
 * comments use): *safe is HTML fit for display, *text its plain text. */
static void clean_html(struct arena *a, const char *html, const char **safe,
	const char **text)
{
	*safe = html_sanitize(a, html);
	*text = html_lines(a, html);
}

/* s without trailing blanks and line breaks (in place). */
static char *rtrim(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	return s;
}

static void add_file(struct parse *p, const char *name, const char *type,
	const char *cid, bool is_inline, const void *data, size_t size)
{
	struct mail_msg *m = p->m;
	if (m->nfiles == MAX_FILES)
		return;
	if (m->nfiles == p->cap_files) {
		int cap = p->cap_files ? p->cap_files * 2 : 4;
		struct mail_file *f = arena_alloc(p->a, sizeof(*f) * (size_t)cap);
		if (m->nfiles)
			memcpy(f, m->files, sizeof(*f) * (size_t)m->nfiles);
		m->files = f;
		p->cap_files = cap;
	}
	m->files[m->nfiles++] = (struct mail_file){
		.name = name, .content_type = type, .content_id = cid,
		.is_inline = is_inline, .data = data, .size = size,
	};
}

/* A file name for a part that has none: attachment-N with an extension
 * from its type for the common ones. */
static const char *made_up_name(struct parse *p, const char *type)
{
	static const struct { const char *type, *ext; } ext[] = {
		{ "image/png", "png" }, { "image/jpeg", "jpg" }, { "image/gif", "gif" },
		{ "application/pdf", "pdf" }, { "text/plain", "txt" },
		{ "text/html", "html" }, { "message/rfc822", "eml" },
	};
	const char *e = "bin";
	for (size_t i = 0; i < PL_ARRAY_LEN(ext); i++)
		if (!strcasecmp(type, ext[i].type))
			e = ext[i].ext;
	return arena_printf(p->a, "attachment-%d.%s", p->m->nfiles + 1, e);
}

static void leaf(struct parse *p, GMimePart *part, bool in_alternative)
{
	GMimeObject *o = GMIME_OBJECT(part);
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	const char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *mime = arena_strdup(p->a, type ? type : "application/octet-stream");
	g_free((gpointer)type);
	mail_addr_lower(mime);
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(o);
	bool attachment = cd && g_mime_content_disposition_is_attachment(cd);
	size_t n;
	if (!attachment && !strcmp(mime, "text/plain")) {
		if (!p->have_text || !in_alternative) {
			char *t = content(p->a, part, true, &n);
			if (p->have_text && n)
				sbuf_adds(&p->text, "\n");
			sbuf_add(&p->text, t, n);
			p->have_text = true;
			return;
		}
		return; /* a second plain alternative */
	}
	if (!attachment && !strcmp(mime, "text/html") && !p->raw_html) {
		p->raw_html = content(p->a, part, true, &n);
		return;
	}
	if (!attachment && !strcmp(mime, "text/html"))
		return; /* a second HTML alternative */
	const char *cid = g_mime_part_get_content_id(part);
	const char *fname = g_mime_part_get_filename(part);
	char *data = content(p->a, part, false, &n);
	add_file(p, fname && *fname ? hstr(p->a, fname) : made_up_name(p, mime), mime,
		cid ? arena_strdup(p->a, cid) : NULL,
		!attachment && cid && !strncmp(mime, "image/", 6), data, n);
}

/* An attached message, kept whole as a file. */
static void attached_message(struct parse *p, GMimeMessagePart *mp)
{
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	if (!inner)
		return;
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	char *data = arena_alloc(p->a, ba->len + 1);
	if (ba->len)
		memcpy(data, ba->data, ba->len);
	const char *subj = g_mime_message_get_subject(inner);
	const char *name = subj && *subj
		? arena_printf(p->a, "%s.eml", hstr(p->a, subj))
		: made_up_name(p, "message/rfc822");
	add_file(p, name, "message/rfc822", NULL, false, data, ba->len);
	g_object_unref(mem);
}

static void walk(struct parse *p, GMimeObject *o, int depth, bool in_alternative)
{
	if (!o || depth > MAX_DEPTH)
		return;
	if (GMIME_IS_MESSAGE_PART(o)) {
		attached_message(p, GMIME_MESSAGE_PART(o));
		return;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeContentType *ct = g_mime_object_get_content_type(o);
		bool alt = ct && g_mime_content_type_is_type(ct, "multipart", "alternative");
		if (ct && g_mime_content_type_is_type(ct, "multipart", "report"))
			p->m->is_report = true;
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			walk(p, g_mime_multipart_get_part(mp, i), depth + 1,
				alt || in_alternative);
		return;
	}
	if (GMIME_IS_PART(o))
		leaf(p, GMIME_PART(o), in_alternative);
}

static void add_addr(struct parse *p, InternetAddress *ia, struct mail_addr *out,
	int *n, int depth)
{
	if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2) {
		InternetAddressList *l = internet_address_group_get_members(
			INTERNET_ADDRESS_GROUP(ia));
		int c = l ? internet_address_list_length(l) : 0;
		for (int i = 0; i < c && *n < MAX_ADDRS; i++)
			add_addr(p, internet_address_list_get_address(l, i), out, n,
				depth + 1);
		return;
	}
	if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
		return;
	const char *e = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	if (!e || !strchr(e, '@'))
		return;
	const char *name = internet_address_get_name(ia);
	out[*n].email = mail_addr_lower(arena_strdup(p->a, hstr(p->a, e)));
	out[*n].name = name ? hstr(p->a, name) : "";
	(*n)++;
}

static void addrs(struct parse *p, InternetAddressList *l, struct mail_addr **out,
	int *n)
{
	*n = 0;
	*out = arena_alloc(p->a, sizeof(**out) * MAX_ADDRS);
	int c = l ? internet_address_list_length(l) : 0;
	for (int i = 0; i < c && *n < MAX_ADDRS; i++)
		add_addr(p, internet_address_list_get_address(l, i), *out, n, 0);
}

static void add_refs(struct parse *p, GMimeParserOptions *opts, const char *v,
	bool newest_first)
{
	if (!v)
		return;
	GMimeReferences *r = g_mime_references_parse(opts, v);
	if (!r)
		return;
	int n = g_mime_references_length(r);
	const char **refs = arena_alloc(p->a, sizeof(*refs) * (size_t)(p->m->nrefs + n));
	if (p->m->nrefs)
		memcpy(refs, p->m->refs, sizeof(*refs) * (size_t)p->m->nrefs);
	for (int i = 0; i < n; i++)
		refs[p->m->nrefs++] = arena_strdup(p->a, g_mime_references_get_message_id(r,
			newest_first ? n - 1 - i : i));
	p->m->refs = refs;
	g_mime_references_free(r);
}

static const char *header(struct parse *p, GMimeMessage *msg, const char *name)
{
	const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), name);
	if (!v)
		return NULL;
	while (*v == ' ' || *v == '\t')
		v++;
	return hstr(p->a, v);
}

/* The message's header section as "Name: value" lines, values decoded
 * and unfolded, in UTF-8; lines past MAIL_HEADERS_MAX bytes are left out
 * (Received chains can be long; the raw message keeps them all). */
static const char *header_text(struct arena *a, GMimeHeaderList *list)
{
	struct sbuf b;
	sbuf_init(&b, a);
	sbuf_adds(&b, "");
	int n = g_mime_header_list_get_count(list);
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
		const char *name = g_mime_header_get_name(h);
		const char *value = g_mime_header_get_value(h);
		const char *line = arena_printf(a, "%s: %s\n", name ? hstr(a, name) : "",
			value ? hstr(a, value) : "");
		if (b.len + strlen(line) > MAIL_HEADERS_MAX)
			break;
		sbuf_adds(&b, line);
	}
	return b.s;
}

bool mime_parse(struct arena *a, const char *msg, size_t len, struct mail_msg *out)
{
	memset(out, 0, sizeof(*out));
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(msg, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeParserOptions *opts = g_mime_parser_options_new();
	static const char *fallback[] = { "UTF-8", "windows-1252", NULL };
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts,
		GMIME_RFC_COMPLIANCE_LOOSE);
	GMimeMessage *m = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	g_object_unref(stream);
	if (!m || !g_mime_object_get_header_list(GMIME_OBJECT(m)) ||
	    g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(m))) == 0) {
		if (m)
			g_object_unref(m);
		g_mime_parser_options_free(opts);
		return false;
	}
	struct parse p = { .a = a, .m = out };
	sbuf_init(&p.text, a);
	struct mail_addr *from;
	int nfrom;
	addrs(&p, g_mime_message_get_from(m), &from, &nfrom);
	if (nfrom == 0)
		addrs(&p, g_mime_message_get_sender(m), &from, &nfrom);
	if (nfrom)
		out->from = from[0];
	addrs(&p, g_mime_message_get_to(m), &out->to, &out->nto);
	addrs(&p, g_mime_message_get_cc(m), &out->cc, &out->ncc);
	const char *subj = g_mime_message_get_subject(m);
	out->subject = subj ? hstr(a, subj) : "";
	const char *mid = g_mime_message_get_message_id(m);
	out->message_id = mid && *mid ? hstr(a, mid) : NULL;
	add_refs(&p, opts, header(&p, m, "In-Reply-To"), false);
	add_refs(&p, opts, header(&p, m, "References"), true);
	out->auto_submitted = header(&p, m, "Auto-Submitted");
	out->precedence = header(&p, m, "Precedence");
	out->headers = header_text(a, g_mime_object_get_header_list(GMIME_OBJECT(m)));

	walk(&p, g_mime_message_get_mime_part(m), 0, false);
	out->text = p.have_text && p.text.s ? rtrim(p.text.s) : "";
	if (p.raw_html) {
		const char *html_text;
		clean_html(a, p.raw_html, &out->html, &html_text);
		if (!p.have_text)
			out->text = html_text;
	}
	g_object_unref(m);
	g_mime_parser_options_free(opts);
	return true;
}
