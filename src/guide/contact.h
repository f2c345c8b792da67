/*
 * contact.h: what the help center's contact form adds to asking for help:
 * article suggestions while the reader writes, and the record of what
 * those suggestions achieved (deflection).
 *
 * Suggestions are articles of the brand's help center in the page's
 * locale that the reader may see, ranked by the reader's words (subject
 * and description; FTS5 bm25 over title, labels and body, any word
 * counting) with the score doubled for articles carrying one of the
 * contact reason's labels; when the words find fewer than asked for, the
 * reason's other labelled articles follow, most voted first.
 *
 * Deflection events (migration 0100) are written per visit of the form,
 * named by its attempt id: a suggestion shown, a suggestion clicked,
 * "this solved my problem", and a request submitted.  Each is kept once per
 * (attempt, kind, article), so a suggestion shown again as the reader types
 * counts once.  The deflection rate of a reason is solved / (solved +
 * submitted): of the visits that ended, the share that needed no ticket.
 */
#ifndef HEADER_GUIDE_CONTACT_H
#define HEADER_GUIDE_CONTACT_H

#include "core/ctx.h"

#define HC_ATTEMPT_LEN 32

struct hc_suggest_query {
	int64_t brand_id;
	const char *locale;      /* the page's locale */
	const char *text;        /* the reader's words (may be NULL) */
	json_t *labels;          /* label names of the chosen reason (borrowed
	                          * array, may be empty) */
	int limit;               /* 1..10 */
};

/* The suggestions for q: an arena-owned array of {"id","title","locale",
 * "snippet"} (snippet: plain text around the matches, "" for articles
 * found by label only).  Empty when neither words nor labels find any. */
enum pl_err hc_suggest(struct ctx *c, const struct hc_suggest_query *q, json_t **out);

/* One thing a visit of the contact form did. */
struct hc_deflection {
	int64_t brand_id;
	const char *locale;
	const char *reason;      /* the contact reason's option value, or "" */
	const char *attempt;     /* hc_attempt_valid() */
	const char *kind;        /* "shown", "clicked", "solved", "submitted" */
	int64_t article_id;      /* shown, clicked, solved */
	int64_t ticket_id;       /* submitted */
};

/* A new attempt id (HC_ATTEMPT_LEN random URL-safe characters, arena). */
const char *hc_attempt_new(struct ctx *c);
/* Whether s looks like an attempt id (so stored ones stay small). */
bool hc_attempt_valid(const char *s);

/* Records d once (a repeat is ignored).  shown, clicked and solved need an
 * article of the brand the reader may see (PL_NOT_FOUND otherwise). */
enum pl_err hc_deflection_record(struct ctx *c, const struct hc_deflection *d);

/* Totals per brand, locale and reason of the events in [start, end) (end
 * 0: now), of brand_id only unless 0: an arena-owned array of {"brand_id",
 * "locale","reason","attempts","shown","clicked","solved","submitted",
 * "deflection_rate","click_through_rate"} (rates null without a base). */
enum pl_err hc_deflection_report(struct ctx *c, int64_t start, int64_t end,
	int64_t brand_id, json_t **out);

#endif
