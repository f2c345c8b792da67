/*
 * html.h: the HTML the help center and ticket comments let through, and
 * the HTML they write.
 *
 * html_sanitize() keeps an allow-list of tags and attributes from untrusted
 * HTML (article bodies, comments, theme header and footer) and rebuilds
 * every tag it keeps, so its output holds no markup it did not write
 * itself: no script, style, iframe or object, no event handler attributes,
 * no javascript: or data: URLs, and every element it opens is closed.
 * html_escape() is for every other string rendered into a page.
 * html_text() gives the plain text of HTML for the search index,
 * html_lines() the same keeping its lines (comment plain bodies), and
 * html_from_text() the HTML of plain text (comment bodies).
 *
 * Allowed: p h1-h6 ul ol li a[href title] img[src alt title width height]
 * strong em b i u s sub sup code pre blockquote table thead tbody tfoot tr
 * td[colspan rowspan] th[colspan rowspan] caption br hr span div.
 * a[href] takes http, https, mailto and relative URLs; img[src] http, https
 * and relative ones.  Text and entities pass through; a bare '<' or '&'
 * that starts no tag or entity comes out escaped.
 */
#ifndef HEADER_UTIL_HTML_H
#define HEADER_UTIL_HTML_H

#include <stddef.h>

struct arena;
struct sbuf;

/* The sanitized form of s (NUL-terminated UTF-8), in the arena.  NULL gives
 * "".  Never fails; invalid markup degrades to escaped text. */
char *html_sanitize(struct arena *a, const char *s);

/* Appends s with & < > " ' escaped, safe in text and in quoted attributes. */
void html_escape(struct sbuf *b, const char *s);
/* The escaped copy of s, in the arena (NULL gives ""). */
char *html_esc(struct arena *a, const char *s);

/* The text of HTML s: tags dropped (script and style with their content),
 * common entities decoded, runs of white space collapsed to one space.
 * In the arena. */
char *html_text(struct arena *a, const char *s);

/* html_text() keeping the text's lines: <br> and block elements (div, li,
 * tr, hr) end a line, paragraphs (p, headings, lists, blockquote, pre,
 * table) are separated by a blank line.  In the arena. */
char *html_lines(struct arena *a, const char *s);

/* The HTML of plain text: escaped, blank lines separating <p> elements,
 * single newlines as <br>.  "" (and NULL) give "".  In the arena. */
char *html_from_text(struct arena *a, const char *text);

/* Whether url is allowed as a link: http, https, mailto or relative, after
 * entity decoding and removal of control characters and spaces, as browsers
 * do.  images: only http, https and relative. */
int html_url_ok(const char *url, int images);

#endif
