/*
 * mail_templates.h: the brands' email templates, and rendering outbound
 * mail with them in the recipient's language.
 *
 * A template is an HTML and a text form holding placeholders:
 *   {{content}}     the message (HTML in the HTML form, text in the other)
 *   {{delimiter}}   "##- Please type your reply above this line -##",
 *                   translated; inbound mail is cut there (core/mail.h)
 *   {{footer}}      "This email is a service from BRAND." and the ticket
 *   {{brand.name}}  {{ticket.id}}
 * A brand may store one per locale; the built-in one (in several languages)
 * applies where it has none.
 */
#ifndef HEADER_CORE_MAIL_TEMPLATES_H
#define HEADER_CORE_MAIL_TEMPLATES_H

#include "core/list.h"

enum pl_err mail_templates_list(struct ctx *c, json_t **out);
enum pl_err mail_template_get(struct ctx *c, int64_t id, json_t **out);
/* From an "email_template" object: brand_id, locale, html and text, all
 * required; one per brand and locale (DuplicateValue). */
enum pl_err mail_template_create(struct ctx *c, json_t *in, json_t **out);
enum pl_err mail_template_update(struct ctx *c, int64_t id, json_t *in,
	json_t **out);
enum pl_err mail_template_delete(struct ctx *c, int64_t id);

/* Renders content (text, and HTML when content_html is not NULL; else the
 * text made HTML) in brand_id's template for locale ("de-CH": de-ch, then
 * de, then en), into arena strings *text and *html. */
enum pl_err mail_template_render(struct ctx *c, int64_t brand_id,
	const char *locale, int64_t ticket_id, const char *content_text,
	const char *content_html, const char **text, const char **html);

#endif
