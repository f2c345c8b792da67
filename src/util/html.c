/*
 * html.c: allow-list HTML sanitizer, escaping, text extraction and plain
 * text to HTML (html.h).
 *
 * The sanitizer is a single pass over the input with a small tokenizer:
 * text, comments, declarations, start tags and end tags.  It never copies
 * markup: each kept tag is written anew from its lower-cased name and the
 * allowed attributes, whose values are entity-decoded, checked and
 * re-escaped.  So the browser parses exactly what we checked.
 *
 * Invariants of the output:
 *  1. Every '<' starts a tag this file wrote; every tag is allowed.
 *  2. Attribute values are double-quoted and fully escaped.
 *  3. Elements nest: an end tag is written only for an element that is
 *     open, closing the ones opened after it; all are closed at the end.
 *     So content cannot close the page's own elements around it.
 *  4. The contents of script, style and the like are dropped with them;
 *     other unknown tags are dropped and their text kept.
 * Non-goals: a full HTML5 tree builder (implicit closing of <p> and
 * foster parenting are left to the browser, which cannot turn them into
 * script), CSS (no style attribute is kept).
 */
#include "parley.h"
#include "util/html.h"
#include "util/arena.h"

#include <string.h>
#include <strings.h>

#define MAX_DEPTH 64

struct tag_rule {
	const char *name;
	const char *const *attrs;   /* NULL-terminated */
	bool void_elem;
};

static const char *const no_attrs[] = { NULL };
static const char *const a_attrs[] = { "href", "title", NULL };
static const char *const img_attrs[] = { "src", "alt", "title", "width", "height", NULL };
static const char *const cell_attrs[] = { "colspan", "rowspan", NULL };

static const struct tag_rule rules[] = {
	{ "p", no_attrs, false }, { "h1", no_attrs, false }, { "h2", no_attrs, false },
	{ "h3", no_attrs, false }, { "h4", no_attrs, false }, { "h5", no_attrs, false },
	{ "h6", no_attrs, false }, { "ul", no_attrs, false }, { "ol", no_attrs, false },
	{ "li", no_attrs, false }, { "a", a_attrs, false }, { "img", img_attrs, true },
	{ "strong", no_attrs, false }, { "em", no_attrs, false }, { "b", no_attrs, false },
	{ "i", no_attrs, false }, { "u", no_attrs, false }, { "s", no_attrs, false },
	{ "sub", no_attrs, false }, { "sup", no_attrs, false },
	{ "code", no_attrs, false }, { "pre", no_attrs, false },
	{ "blockquote", no_attrs, false }, { "table", no_attrs, false },
	{ "thead", no_attrs, false }, { "tbody", no_attrs, false },
	{ "tfoot", no_attrs, false }, { "tr", no_attrs, false },
	{ "td", cell_attrs, false }, { "th", cell_attrs, false },
	{ "caption", no_attrs, false }, { "br", no_attrs, true },
	{ "hr", no_attrs, true }, { "span", no_attrs, false }, { "div", no_attrs, false },
};

/* Dropped together with everything up to their end tag. */
static const char *const dropped_with_content[] = {
	"script", "style", "iframe", "object", "applet", "noscript",
	"noembed", "noframes", "template", "textarea", "title", "xmp",
	"plaintext", "svg", "math", "select", "frameset", "head",
};

static bool is_alpha(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static const struct tag_rule *rule_of(const char *name)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(rules); i++)
		if (strcmp(rules[i].name, name) == 0)
			return &rules[i];
	return NULL;
}

static bool drops_content(const char *name)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(dropped_with_content); i++)
		if (strcmp(dropped_with_content[i], name) == 0)
			return true;
	return false;
}

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

/* Decodes the entity at s (which starts with '&') into b; returns the
 * bytes consumed, or 0 when it is not one we know (the '&' is literal). */
static size_t decode_entity(struct sbuf *b, const char *s, size_t n)
{
	static const struct { const char *name; const char *text; } named[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
		{ "apos;", "'" }, { "nbsp;", "\xC2\xA0" }, { "colon;", ":" },
		{ "Tab;", "\t" }, { "NewLine;", "\n" },
	};
	if (n >= 3 && s[1] == '#') {
		size_t i = 2;
		unsigned long cp = 0;
		bool hex = s[2] == 'x' || s[2] == 'X';
		if (hex)
			i++;
		size_t start = i;
		for (; i < n; i++) {
			char c = s[i];
			int v = is_digit(c) ? c - '0' : hex && (c | 32) >= 'a' && (c | 32) <= 'f'
				? (c | 32) - 'a' + 10 : -1;
			if (v < 0)
				break;
			if (cp <= 0x10FFFF)
				cp = cp * (hex ? 16 : 10) + (unsigned long)v;
		}
		if (i == start)
			return 0;
		put_utf8(b, cp);
		return i < n && s[i] == ';' ? i + 1 : i;
	}
	for (size_t k = 0; k < PL_ARRAY_LEN(named); k++) {
		size_t len = strlen(named[k].name);
		if (n > len && memcmp(s + 1, named[k].name, len) == 0) {
			sbuf_adds(b, named[k].text);
			return len + 1;
		}
	}
	return 0;
}

static char *decode(struct arena *a, const char *s, size_t n)
{
	struct sbuf b;
	sbuf_init(&b, a);
	size_t i = 0;
	while (i < n) {
		size_t used = s[i] == '&' ? decode_entity(&b, s + i, n - i) : 0;
		if (used) {
			i += used;
			continue;
		}
		sbuf_add(&b, s + i, 1);
		i++;
	}
	return b.s;
}

void html_escape(struct sbuf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s; *p; p++) {
		const char *rep;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		sbuf_add(b, run, (size_t)(p - run));
		sbuf_adds(b, rep);
		run = p + 1;
	}
	sbuf_adds(b, run);
}

char *html_esc(struct arena *a, const char *s)
{
	struct sbuf b;
	sbuf_init(&b, a);
	html_escape(&b, s);
	return b.s;
}

int html_url_ok(const char *url, int images)
{
	/* Browsers ignore tabs and newlines anywhere in a URL and strip
	 * leading control characters and spaces: look at the scheme as they
	 * will. */
	char scheme[16];
	size_t n = 0;
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7F)
			continue;
		if (c == ':')
			break;
		if (c == '/' || c == '?' || c == '#')
			return 1; /* relative: no scheme */
		if (n + 1 >= sizeof(scheme))
			return 0; /* longer than any scheme we allow */
		scheme[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	scheme[n] = 0;
	if (!strchr(url, ':'))
		return 1;
	if (!strcmp(scheme, "http") || !strcmp(scheme, "https"))
		return 1;
	return !images && !strcmp(scheme, "mailto");
}

/* A parsed attribute of the current tag. */
struct attr {
	char name[16];
	const char *val;
	size_t len;
};

/* Parses the attributes after a tag name up to '>', starting at s[*i].
 * Fills at most max attrs (others are skipped).  Returns false when the
 * input ends before '>'. */
static bool parse_attrs(const char *s, size_t n, size_t *i, struct attr *out,
	int max, int *count)
{
	*count = 0;
	size_t p = *i;
	for (;;) {
		while (p < n && (is_space(s[p]) || s[p] == '/'))
			p++;
		if (p >= n)
			return false;
		if (s[p] == '>') {
			*i = p + 1;
			return true;
		}
		size_t ns = p;
		while (p < n && !is_space(s[p]) && s[p] != '>' && s[p] != '/' &&
			(s[p] != '=' || p == ns))
			p++;
		size_t nlen = p - ns;
		while (p < n && is_space(s[p]))
			p++;
		const char *val = "";
		size_t vlen = 0;
		if (p < n && s[p] == '=') {
			p++;
			while (p < n && is_space(s[p]))
				p++;
			if (p < n && (s[p] == '"' || s[p] == '\'')) {
				char q = s[p++];
				val = s + p;
				while (p < n && s[p] != q)
					p++;
				if (p >= n)
					return false;
				vlen = (size_t)(s + p - val);
				p++;
			} else {
				val = s + p;
				while (p < n && !is_space(s[p]) && s[p] != '>')
					p++;
				vlen = (size_t)(s + p - val);
			}
		}
		if (*count < max && nlen > 0 && nlen < sizeof(out->name)) {
			struct attr *a = &out[*count];
			for (size_t k = 0; k < nlen; k++) {
				char c = s[ns + k];
				a->name[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
			}
			a->name[nlen] = 0;
			a->val = val;
			a->len = vlen;
			(*count)++;
		}
	}
}

static bool allowed_attr(const struct tag_rule *r, const char *name)
{
	for (const char *const *a = r->attrs; *a; a++)
		if (strcmp(*a, name) == 0)
			return true;
	return false;
}

static bool numeric(const char *v)
{
	if (!*v || strlen(v) > 5)
		return false;
	for (; *v; v++)
		if (!is_digit(*v))
			return false;
	return true;
}

/* Writes <name attrs> for an allowed tag. */
static void write_start(struct arena *a, struct sbuf *b, const struct tag_rule *r,
	const struct attr *at, int nat)
{
	sbuf_add(b, "<", 1);
	sbuf_adds(b, r->name);
	for (int k = 0; k < nat; k++) {
		if (!allowed_attr(r, at[k].name))
			continue;
		bool seen = false;
		for (int j = 0; j < k; j++)
			seen |= strcmp(at[j].name, at[k].name) == 0;
		if (seen)
			continue; /* the first one wins, as in browsers */
		char *v = decode(a, at[k].val, at[k].len);
		/* Control characters have no business in attributes. */
		char *w = v;
		for (char *p = v; *p; p++)
			if ((unsigned char)*p >= 0x20 && *p != 0x7F)
				*w++ = *p;
		*w = 0;
		const char *n = at[k].name;
		if ((!strcmp(n, "href") && !html_url_ok(v, 0)) ||
		    (!strcmp(n, "src") && !html_url_ok(v, 1)))
			continue;
		if ((!strcmp(n, "width") || !strcmp(n, "height") || !strcmp(n, "colspan") ||
		     !strcmp(n, "rowspan")) && !numeric(v))
			continue;
		sbuf_printf(b, " %s=\"", n);
		html_escape(b, v);
		sbuf_add(b, "\"", 1);
	}
	sbuf_add(b, ">", 1);
}

/* Skips past the end tag of name (case-insensitive) from s[*i]. */
static void skip_content(const char *s, size_t n, size_t *i, const char *name)
{
	size_t len = strlen(name);
	for (size_t p = *i; p + 1 < n; p++) {
		if (s[p] != '<' || s[p + 1] != '/' || p + 2 + len > n ||
		    strncasecmp(s + p + 2, name, len) != 0 ||
		    is_alpha(s[p + 2 + len]) || is_digit(s[p + 2 + len]))
			continue;
		const char *gt = memchr(s + p, '>', n - p);
		*i = gt ? (size_t)(gt - s) + 1 : n;
		return;
	}
	*i = n;
}

/* Reads a tag name at s[*i] into name (lower-cased, truncated to fit). */
static void read_name(const char *s, size_t n, size_t *i, char *name, size_t cap)
{
	size_t k = 0, p = *i;
	while (p < n && (is_alpha(s[p]) || is_digit(s[p]))) {
		if (k + 1 < cap)
			name[k++] = (char)(s[p] | (is_alpha(s[p]) ? 32 : 0));
		p++;
	}
	name[k] = 0;
	*i = p;
}

struct open_stack {
	const struct tag_rule *el[MAX_DEPTH];
	int depth;
};

static void close_to(struct sbuf *b, struct open_stack *st, int level)
{
	while (st->depth > level) {
		st->depth--;
		sbuf_printf(b, "</%s>", st->el[st->depth]->name);
	}
}

static void end_tag(struct sbuf *b, struct open_stack *st, const char *name)
{
	for (int k = st->depth - 1; k >= 0; k--)
		if (strcmp(st->el[k]->name, name) == 0) {
			close_to(b, st, k);
			return;
		}
}

/* Handles "<..." at s[*i]; false when it is not markup (a literal '<'). */
static bool markup(struct arena *a, struct sbuf *b, struct open_stack *st,
	const char *s, size_t n, size_t *i)
{
	size_t p = *i + 1;
	if (p < n && s[p] == '!') {
		bool comment = p + 2 < n && s[p + 1] == '-' && s[p + 2] == '-';
		const char *end = comment ? strstr(s + p + 3, "-->") : memchr(s + p, '>', n - p);
		*i = !end ? n : (size_t)(end - s) + (comment ? 3 : 1);
		return true;
	}
	if (p < n && s[p] == '?') {
		const char *end = memchr(s + p, '>', n - p);
		*i = end ? (size_t)(end - s) + 1 : n;
		return true;
	}
	bool closing = p < n && s[p] == '/';
	if (closing)
		p++;
	if (p >= n || !is_alpha(s[p]))
		return false;
	char name[16];
	read_name(s, n, &p, name, sizeof(name));
	struct attr at[8];
	int nat;
	if (!parse_attrs(s, n, &p, at, (int)PL_ARRAY_LEN(at), &nat)) {
		*i = n; /* an unterminated tag swallows the rest, as in browsers */
		return true;
	}
	*i = p;
	if (closing) {
		end_tag(b, st, name);
		return true;
	}
	if (drops_content(name)) {
		skip_content(s, n, i, name);
		return true;
	}
	const struct tag_rule *r = rule_of(name);
	if (!r || (!r->void_elem && st->depth == MAX_DEPTH))
		return true;
	write_start(a, b, r, at, nat);
	if (!r->void_elem)
		st->el[st->depth++] = r;
	return true;
}

char *html_sanitize(struct arena *a, const char *s)
{
	struct sbuf b;
	sbuf_init(&b, a);
	if (!s)
		return b.s;
	size_t n = strlen(s), i = 0;
	struct open_stack st = { .depth = 0 };
	while (i < n) {
		char c = s[i];
		if (c == '<' && markup(a, &b, &st, s, n, &i))
			continue;
		if (c == '<')
			sbuf_adds(&b, "&lt;");
		else if (c == '>')
			sbuf_adds(&b, "&gt;");
		else if (c == '&' && !(i + 1 < n && (is_alpha(s[i + 1]) || s[i + 1] == '#')))
			sbuf_adds(&b, "&amp;");
		else
			sbuf_add(&b, &c, 1);
		i++;
	}
	close_to(&b, &st, 0);
	return b.s;
}

/* Line breaks a tag makes in html_lines(): 2 for paragraphs, 1 for lines,
 * 0 for inline elements. */
static int breaks_of(const char *name)
{
	static const char *const para[] = { "p", "h1", "h2", "h3", "h4", "h5",
		"h6", "blockquote", "pre", "ul", "ol", "table" };
	static const char *const line[] = { "br", "div", "li", "tr", "hr" };
	for (size_t i = 0; i < PL_ARRAY_LEN(para); i++)
		if (!strcmp(name, para[i]))
			return 2;
	for (size_t i = 0; i < PL_ARRAY_LEN(line); i++)
		if (!strcmp(name, line[i]))
			return 1;
	return 0;
}

/* html_text(), or html_lines() when lines: block tags then ask for line
 * breaks, written before the next visible character. */
static char *text_of(struct arena *a, const char *s, bool lines)
{
	struct sbuf b;
	sbuf_init(&b, a);
	if (!s)
		return b.s;
	size_t n = strlen(s), i = 0;
	bool space = true; /* drops leading space */
	int breaks = 0;    /* pending line breaks (lines mode) */
	while (i < n) {
		if (s[i] == '<' && i + 1 < n && (is_alpha(s[i + 1]) || s[i + 1] == '/' ||
		    s[i + 1] == '!' || s[i + 1] == '?')) {
			size_t p = i + 1;
			if (s[p] == '!' && p + 2 < n && s[p + 1] == '-' && s[p + 2] == '-') {
				const char *end = strstr(s + p, "-->");
				i = end ? (size_t)(end - s) + 3 : n;
				continue;
			}
			char name[16];
			bool closing = s[p] == '/';
			if (closing)
				p++;
			read_name(s, n, &p, name, sizeof(name));
			struct attr none[1];
			int nat;
			if (!parse_attrs(s, n, &p, none, 0, &nat))
				break;
			i = p;
			if (!closing && drops_content(name))
				skip_content(s, n, &i, name);
			int br = lines ? breaks_of(name) : 0;
			if (br > breaks)
				breaks = br;
			if (!space && !br) {
				sbuf_add(&b, " ", 1);
				space = true;
			}
			continue;
		}
		if (is_space(s[i])) {
			if (!space && !breaks)
				sbuf_add(&b, " ", 1);
			space = true;
			i++;
			continue;
		}
		if (breaks && b.len) {
			while (b.len && b.s[b.len - 1] == ' ')
				b.s[--b.len] = 0;
			sbuf_add(&b, "\n\n", (size_t)breaks);
		}
		breaks = 0;
		size_t used = s[i] == '&' ? decode_entity(&b, s + i, n - i) : 0;
		if (!used) {
			sbuf_add(&b, s + i, 1);
			used = 1;
		}
		space = false;
		i += used;
	}
	while (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = 0;
	return b.s;
}

char *html_text(struct arena *a, const char *s)
{
	return text_of(a, s, false);
}

char *html_lines(struct arena *a, const char *s)
{
	return text_of(a, s, true);
}

char *html_from_text(struct arena *a, const char *text)
{
	struct sbuf b;
	sbuf_init(&b, a);
	const char *p = text ? text : "";
	while (*p == '\n' || *p == '\r')
		p++;
	bool open = false;
	int newlines = 0;
	char one[2] = { 0, 0 };
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
		one[0] = *p;
		html_escape(&b, one);
	}
	if (open)
		sbuf_adds(&b, "</p>");
	return b.s;
}
