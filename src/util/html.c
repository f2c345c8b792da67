/*
 * html.c: plain text <-> HTML for comment bodies (see html.h).
 *
 * Not an HTML parser: a tokenizer that knows tags, comments, entities and
 * quoted attribute values, which is all a whitelist needs.  Safety comes
 * from re-emitting, never copying, markup: every '<' in the output was
 * written by this file for a whitelisted element, and every text byte that
 * could start markup is escaped.  A malformed tag ('<' with no '>') is text.
 */
#include "parley.h"
#include "util/html.h"
#include "util/arena.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_entity(const char *p)
{
	/* p points at '&': &name; &#123; &#x1F; */
	const char *q = p + 1;
	int n = 0;
	if (*q == '#') {
		q++;
		bool hex = *q == 'x' || *q == 'X';
		if (hex)
			q++;
		while (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q)) {
			q++;
			n++;
		}
		return n >= 1 && n <= 7 && *q == ';';
	}
	if (!isalpha((unsigned char)*q))
		return false;
	while (isalnum((unsigned char)*q) && n < 32) {
		q++;
		n++;
	}
	return *q == ';';
}

/* Appends s[0..n) with & < > " ' escaped; a '&' that starts a well-formed
 * entity is kept when keep_entities is set. */
static void escape(struct sbuf *b, const char *s, size_t n, bool keep_entities)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&':
			if (!(keep_entities && is_entity(s + i)))
				rep = "&amp;";
			break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		}
		if (!rep)
			continue;
		sbuf_add(b, s + start, i - start);
		sbuf_adds(b, rep);
		start = i + 1;
	}
	sbuf_add(b, s + start, n - start);
}

char *html_from_text(struct arena *a, const char *text)
{
	struct sbuf b;
	sbuf_init(&b, a);
	const char *p = text;
	while (*p == '\n' || *p == '\r')
		p++;
	bool open = false;
	int newlines = 0;
	for (; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			newlines++;
			continue;
		}
		if (!open) {
			sbuf_adds(&b, "<p>");
			open = true;
		} else if (newlines >= 2) {
			sbuf_adds(&b, "</p><p>");
		} else if (newlines == 1) {
			sbuf_adds(&b, "<br>");
		}
		newlines = 0;
		escape(&b, p, 1, false);
	}
	if (open)
		sbuf_adds(&b, "</p>");
	return b.s;
}

/* A tag starting at '<'. */
struct tag {
	char name[16];     /* lower case; "" when too long to be one we know */
	bool closing;
	const char *attrs; /* after the name */
	const char *gt;    /* the closing '>' */
};

/* Parses the tag at p (pointing at '<'); false when p starts no tag. */
static bool parse_tag(const char *p, struct tag *t)
{
	const char *q = p + 1;
	t->closing = *q == '/';
	if (t->closing)
		q++;
	if (!isalpha((unsigned char)*q))
		return false;
	size_t n = 0;
	while (isalnum((unsigned char)*q)) {
		if (n < sizeof(t->name) - 1)
			t->name[n] = (char)tolower((unsigned char)*q);
		n++;
		q++;
	}
	t->name[n < sizeof(t->name) ? n : 0] = 0;
	t->attrs = q;
	char quote = 0;
	for (; *q; q++) {
		if (quote) {
			if (*q == quote)
				quote = 0;
		} else if (*q == '"' || *q == '\'') {
			quote = *q;
		} else if (*q == '>') {
			t->gt = q;
			return true;
		}
	}
	return false;
}

static bool in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static const char *const allowed[] = {
	"p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike",
	"del", "ins", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2",
	"h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "td",
	"th", "sub", "sup", "small", NULL,
};

/* Elements whose content is not text and is dropped with them. */
static const char *const opaque[] = {
	"script", "style", "iframe", "object", "embed", "noscript", "template",
	"title", "textarea", "select", "head", "svg", "math", NULL,
};

/* Line breaks a tag makes in text: 2 for paragraphs, 1 for lines. */
static int breaks_of(const char *name)
{
	static const char *const para[] = {
		"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul",
		"ol", "table", NULL,
	};
	static const char *const line[] = { "br", "div", "li", "tr", "hr", NULL };
	return in_list(name, para) ? 2 : in_list(name, line) ? 1 : 0;
}

/* After an opaque element's start tag ending at gt: the position after its
 * end tag, or the end of the string. */
static const char *skip_opaque(const char *gt, const char *name)
{
	size_t n = strlen(name);
	for (const char *q = gt + 1; *q; q++) {
		if (q[0] == '<' && q[1] == '/' && strncasecmp(q + 2, name, n) == 0 &&
		    !isalnum((unsigned char)q[2 + n])) {
			const char *e = strchr(q, '>');
			return e ? e + 1 : q + strlen(q);
		}
	}
	return gt + strlen(gt);
}

/* Skips a comment, doctype or processing instruction at p ("<!", "<?");
 * returns the position after it. */
static const char *skip_decl(const char *p)
{
	if (strncmp(p, "<!--", 4) == 0) {
		const char *e = strstr(p + 4, "-->");
		return e ? e + 3 : p + strlen(p);
	}
	const char *e = strchr(p, '>');
	return e ? e + 1 : p + strlen(p);
}

/* The href value among attrs (up to gt), in the arena; NULL when absent. */
static char *href_of(struct arena *a, const char *attrs, const char *gt)
{
	const char *q = attrs;
	while (q < gt) {
		while (q < gt && (isspace((unsigned char)*q) || *q == '/'))
			q++;
		const char *name = q;
		while (q < gt && !isspace((unsigned char)*q) && *q != '=' && *q != '/')
			q++;
		size_t nlen = (size_t)(q - name);
		while (q < gt && isspace((unsigned char)*q))
			q++;
		const char *val = NULL;
		size_t vlen = 0;
		if (q < gt && *q == '=') {
			q++;
			while (q < gt && isspace((unsigned char)*q))
				q++;
			if (q < gt && (*q == '"' || *q == '\'')) {
				char quote = *q++;
				val = q;
				while (q < gt && *q != quote)
					q++;
				vlen = (size_t)(q - val);
				if (q < gt)
					q++;
			} else {
				val = q;
				while (q < gt && !isspace((unsigned char)*q))
					q++;
				vlen = (size_t)(q - val);
			}
		}
		if (nlen == 4 && strncasecmp(name, "href", 4) == 0 && val)
			return arena_strndup(a, val, vlen);
		if (nlen == 0 && q < gt)
			q++; /* a stray character: move on */
	}
	return NULL;
}

static bool safe_url(const char *u)
{
	while (isspace((unsigned char)*u))
		u++;
	return strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0 ||
		strncasecmp(u, "mailto:", 7) == 0;
}

static void emit_tag(struct sbuf *b, struct arena *a, const struct tag *t)
{
	if (t->closing) {
		if (strcmp(t->name, "br") != 0 && strcmp(t->name, "hr") != 0)
			sbuf_printf(b, "</%s>", t->name);
		return;
	}
	if (strcmp(t->name, "a") != 0) {
		sbuf_printf(b, "<%s>", t->name);
		return;
	}
	char *href = href_of(a, t->attrs, t->gt);
	if (!href || !safe_url(href)) {
		sbuf_adds(b, "<a>");
		return;
	}
	while (isspace((unsigned char)*href))
		href++;
	sbuf_adds(b, "<a href=\"");
	escape(b, href, strlen(href), true);
	sbuf_adds(b, "\" rel=\"noopener noreferrer\">");
}

char *html_sanitize(struct arena *a, const char *html)
{
	struct sbuf b;
	sbuf_init(&b, a);
	const char *p = html;
	while (*p) {
		const char *lt = strchr(p, '<');
		size_t n = lt ? (size_t)(lt - p) : strlen(p);
		escape(&b, p, n, true);
		p += n;
		if (!*p)
			break;
		if (p[1] == '!' || p[1] == '?') {
			p = skip_decl(p);
			continue;
		}
		struct tag t;
		if (!parse_tag(p, &t)) {
			sbuf_adds(&b, "&lt;");
			p++;
			continue;
		}
		if (!t.closing && in_list(t.name, opaque)) {
			p = skip_opaque(t.gt, t.name);
			continue;
		}
		if (in_list(t.name, allowed))
			emit_tag(&b, a, &t);
		p = t.gt + 1;
	}
	return b.s;
}

/* Appends code point cp as UTF-8 (U+FFFD for invalid ones). */
static void put_utf8(struct sbuf *b, unsigned long cp)
{
	char u[4];
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		sbuf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(b, u, 4);
	}
}

/* Decodes the entity at p ('&') into b; returns its length, 0 when p is
 * not one we know (the caller then copies '&'). */
static size_t decode_entity(struct sbuf *b, const char *p)
{
	static const struct { const char *name; const char *text; } named[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
		{ "apos;", "'" }, { "nbsp;", " " },
	};
	if (!is_entity(p))
		return 0;
	const char *semi = strchr(p, ';');
	if (p[1] == '#') {
		bool hex = p[2] == 'x' || p[2] == 'X';
		put_utf8(b, strtoul(p + (hex ? 3 : 2), NULL, hex ? 16 : 10));
		return (size_t)(semi - p) + 1;
	}
	for (size_t i = 0; i < PL_ARRAY_LEN(named); i++) {
		size_t n = strlen(named[i].name);
		if (strncmp(p + 1, named[i].name, n) == 0) {
			sbuf_adds(b, named[i].text);
			return n + 1;
		}
	}
	return 0;
}

/* Text output with HTML's whitespace rules: source whitespace collapses
 * to one space, tags ask for line breaks, both resolved at the next
 * visible character. */
struct text_out {
	struct sbuf b;
	int breaks;   /* pending line breaks (at most 2) */
	bool space;   /* pending space */
};

static void text_flush(struct text_out *o)
{
	if (o->b.len == 0) {
		o->breaks = 0;
		o->space = false;
		return;
	}
	if (o->breaks) {
		sbuf_add(&o->b, "\n\n", (size_t)o->breaks);
	} else if (o->space) {
		sbuf_add(&o->b, " ", 1);
	}
	o->breaks = 0;
	o->space = false;
}

static void text_break(struct text_out *o, int n)
{
	if (n > o->breaks)
		o->breaks = n;
}

char *html_to_text(struct arena *a, const char *html)
{
	struct text_out o = { .breaks = 0, .space = false };
	sbuf_init(&o.b, a);
	const char *p = html;
	while (*p) {
		if (*p == '<') {
			struct tag t;
			if (p[1] == '!' || p[1] == '?') {
				p = skip_decl(p);
				continue;
			}
			if (parse_tag(p, &t)) {
				if (!t.closing && in_list(t.name, opaque)) {
					p = skip_opaque(t.gt, t.name);
					continue;
				}
				text_break(&o, breaks_of(t.name));
				p = t.gt + 1;
				continue;
			}
		}
		if (isspace((unsigned char)*p)) {
			o.space = true;
			p++;
			continue;
		}
		text_flush(&o);
		size_t n = *p == '&' ? decode_entity(&o.b, p) : 0;
		if (n) {
			p += n;
			continue;
		}
		sbuf_add(&o.b, p, 1);
		p++;
	}
	return o.b.s;
}
