/*
 * social.h: what readers add to articles: votes ("was this article
 * helpful?"), comments and subscriptions; and article attachments.
 *
 * Readers act only on articles they may read (hc.h); an article they may
 * not read answers 404.  Votes and comments need a signed-in user; agents
 * see and moderate everyone's, other users their own.  Agents also flag
 * article translations as outdated and read an article's feedback.
 */
#ifndef HEADER_GUIDE_SOCIAL_H
#define HEADER_GUIDE_SOCIAL_H

#include "core/list.h"

/* ---- votes (votes.c) ---- */

/* Records the principal's vote (+1 or -1) on an article, replacing an
 * earlier one, and updates the article's vote_sum and vote_count in the
 * same transaction.  *created tells whether it is the first vote. */
enum pl_err hc_vote_cast(struct ctx *c, int64_t article_id, int value, json_t **out,
	bool *created);
enum pl_err hc_vote_get(struct ctx *c, int64_t id, json_t **out);
enum pl_err hc_vote_delete(struct ctx *c, int64_t id);
/* Agents only. */
enum pl_err hc_votes_by_article(struct ctx *c, const struct page *p, int64_t article_id,
	struct list_result *out);
/* The user's votes: the user or an agent. */
enum pl_err hc_votes_by_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out);
/* The principal's vote on an article: +1, -1, or 0 for none. */
int hc_vote_of_me(struct ctx *c, int64_t article_id);

/* ---- comments (comments.c) ---- */

enum pl_err hc_comments_by_article(struct ctx *c, const struct page *p,
	int64_t article_id, struct list_result *out);
enum pl_err hc_comments_by_user(struct ctx *c, const struct page *p, int64_t user_id,
	struct list_result *out);
enum pl_err hc_comment_get(struct ctx *c, int64_t article_id, int64_t id, json_t **out);
/* {"body","locale"}: body is sanitized HTML.  PL_FORBIDDEN when the
 * article has comments disabled. */
enum pl_err hc_comment_create(struct ctx *c, int64_t article_id, json_t *in,
	json_t **out);
/* The author or an agent. */
enum pl_err hc_comment_update(struct ctx *c, int64_t article_id, int64_t id,
	json_t *in, json_t **out);
enum pl_err hc_comment_delete(struct ctx *c, int64_t article_id, int64_t id);

/* ---- subscriptions (subscriptions.c) ---- */

enum hc_sub_kind { HC_SUB_ARTICLE, HC_SUB_SECTION };

enum pl_err hc_subscriptions_list(struct ctx *c, const struct page *p,
	enum hc_sub_kind k, int64_t content_id, struct list_result *out);
enum pl_err hc_subscriptions_by_user(struct ctx *c, const struct page *p,
	int64_t user_id, struct list_result *out);
enum pl_err hc_subscription_get(struct ctx *c, enum hc_sub_kind k, int64_t content_id,
	int64_t id, json_t **out);
/* {"source_locale","include_comments","user_id" (agents only)}; an
 * existing subscription of the user is returned with *created false. */
enum pl_err hc_subscription_create(struct ctx *c, enum hc_sub_kind k,
	int64_t content_id, json_t *in, json_t **out, bool *created);
enum pl_err hc_subscription_delete(struct ctx *c, enum hc_sub_kind k,
	int64_t content_id, int64_t id);

/* ---- article attachments (attachments.c) ---- */

/* which: NULL all, "inline" or "block". */
enum pl_err hc_attachments_list(struct ctx *c, int64_t article_id, const char *which,
	json_t **out);
enum pl_err hc_attachment_get(struct ctx *c, int64_t id, json_t **out);
/* Stores a file for an article (agents). */
enum pl_err hc_attachment_create(struct ctx *c, int64_t article_id, const char *file_name,
	const char *content_type, const void *data, size_t size, bool is_inline,
	json_t **out);
enum pl_err hc_attachment_delete(struct ctx *c, int64_t id);
/* The bytes of an attachment the principal may read (its article is
 * readable), for serving.  Outputs are in the arena. */
enum pl_err hc_attachment_content(struct ctx *c, int64_t id, const char **file_name,
	const char **content_type, const void **data, size_t *size);

/* ---- outdated flags and feedback (flags.c), agents ---- */

/* {"locale","note","ticket_id"}: flags the locale's translation (default:
 * the source locale's) as outdated; with a ticket the agent can see, also
 * adds a private note to that ticket.  PL_INVALID for a locale without a
 * translation, a blank note or a ticket_id that is not a visible ticket. */
enum pl_err hc_flag_create(struct ctx *c, int64_t article_id, json_t *in, json_t **out);
enum pl_err hc_flags_list(struct ctx *c, const struct page *p, int64_t article_id,
	struct list_result *out);
/* {"resolved":true}: resolves the flag; the translation stops being
 * outdated when no open flag of its locale remains. */
enum pl_err hc_flag_update(struct ctx *c, int64_t article_id, int64_t id, json_t *in,
	json_t **out);
/* {"vote_sum","vote_count","up","down","comment_count","open_outdated_flags"}. */
enum pl_err hc_feedback(struct ctx *c, int64_t article_id, json_t **out);

#endif
