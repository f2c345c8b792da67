/*
 * placeholders.h: Zendesk placeholders, a subset of Liquid, rendered over a
 * JSON context the caller builds.
 *
 * Syntax:
 *   {{ path }}  {{ path | upcase }}  {{ path | downcase }}
 *   {% if cond %} ... {% elsif cond %} ... {% else %} ... {% endif %}
 *   {% for x in path %} ... {{ x.body }} {{ forloop.index }} ... {% endfor %}
 * where cond is `a`, `a == b`, `a != b`, `a contains b`, `a < b` (also >,
 * <=, >=), joined with `and` / `or`; operands are paths, 'strings',
 * "strings", numbers, true, false and nil.  Truthiness is Liquid's: only
 * nil (absent) and false are false.
 *
 * The context (every key optional):
 *   ticket: the ticket JSON (id, subject, description, status, priority,
 *     type, tags, custom_fields [{id,value}], created_at, ...) plus
 *     url (agent link), account (account name), via (channel text),
 *     requester, assignee, current_user: {id, name, email, phone, locale,
 *       details, notes, signature, organization: {name}},
 *     group, brand: {id, name}, organization: {id, name, details, notes},
 *     comments: [{author: {name}, body, html_body, public, created_at}]
 *       oldest first (the caller includes only what the recipient may see)
 *   current_user: as above
 *   satisfaction: {rating_url, rating_section, current_rating,
 *     current_comment}
 * Derived when the context lacks them: ticket.title (from subject),
 * ticket.ticket_type (type), ticket.link (url), *.first_name and
 * *.last_name (split name), ticket.ticket_field_<id> (custom_fields),
 * ticket.latest_comment[_html], ticket.latest_public_comment[_html],
 * ticket.comments_formatted and ticket.public_comments_formatted (from
 * comments, newest first).
 *
 * A placeholder whose name Zendesk does not define is "unknown": it renders
 * empty and is reported, so templates can be checked when rules are saved.
 */
#ifndef HEADER_CORE_PLACEHOLDERS_H
#define HEADER_CORE_PLACEHOLDERS_H

#include <jansson.h>
#include <stdbool.h>

struct arena;

/* Renders tmpl (NULL renders "") with context (borrowed; NULL is {}).  With
 * html, substituted values are HTML-escaped (the template's own text is
 * not).  When unknown is not NULL, each unknown placeholder name, unknown
 * filter and syntax error is appended to it (a borrowed array) as a string.
 * A template with a syntax error renders as its literal text.  Returns a
 * string in the arena. */
char *placeholders_render(struct arena *a, const char *tmpl, const json_t *context,
	bool html, json_t *unknown);

/* Checks tmpl without rendering it.  Returns true when it parses and names
 * only known placeholders and filters; otherwise false, with *problems a
 * new array (owned by the arena) of messages such as
 * "unknown placeholder {{ticket.foo}}" or "{% if %} is not closed". */
bool placeholders_check(struct arena *a, const char *tmpl, json_t **problems);

#endif
