/*
 * html.h: the three conversions comment bodies need, all safe by
 * construction: plain text to HTML, untrusted HTML to whitelisted HTML, and
 * HTML to plain text.
 *
 * Results are NUL-terminated strings in the arena.  Input must be UTF-8;
 * bytes are passed through unchanged except the markup characters.
 */
#ifndef HEADER_UTIL_HTML_H
#define HEADER_UTIL_HTML_H

struct arena;

/* Escapes text and wraps it in paragraphs: blank lines separate <p>
 * elements, single newlines become <br>.  "" gives "". */
char *html_from_text(struct arena *a, const char *text);

/*
 * Keeps only whitelisted elements (p, br, div, span, b, strong, i, em, u, s,
 * code, pre, blockquote, lists, headings, tables, hr, sub, sup, small) with
 * no attributes, except <a href> whose URL is http, https or mailto.
 * Comments and the content of script, style and similar elements are
 * dropped; text is re-escaped, keeping well-formed entities.  The output
 * never contains an attribute or element that was not re-emitted here.
 */
char *html_sanitize(struct arena *a, const char *html);

/* The text of html: tags dropped (block elements and <br> become line
 * breaks), entities decoded, runs of whitespace collapsed, trimmed. */
char *html_to_text(struct arena *a, const char *html);

#endif
