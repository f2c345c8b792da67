/*
 * attachments.h: uploads and the attachments they become.
 *
 * An upload is a token naming one or more files the principal sent with
 * POST uploads; a comment that lists the token takes the files, which then
 * belong to its ticket.  Until then only the uploader sees them; after,
 * whoever may see the comment.
 */
#ifndef HEADER_CORE_ATTACHMENTS_H
#define HEADER_CORE_ATTACHMENTS_H

#include "core/ctx.h"

#include <stddef.h>

struct attachment_file {
	const char *name;
	const char *content_type;  /* as sent; NULL or a generic type -> guessed */
	const void *data;
	size_t size;
};

/* Stores f under token (NULL: a new token; else an unclaimed upload of the
 * principal).  *out is the rendered {"token","expires_at","attachment",
 * "attachments"} upload, arena-owned.  Own transaction. */
enum pl_err attachment_upload(struct ctx *c, const char *token,
	const struct attachment_file *f, json_t **out);
/* Removes the unclaimed files of the principal's upload token. */
enum pl_err attachment_upload_delete(struct ctx *c, const char *token);
/* The attachment's metadata; arena-owned *out. */
enum pl_err attachment_get(struct ctx *c, int64_t id, json_t **out);
/* The attachment's bytes, name and type (arena copies). */
enum pl_err attachment_content(struct ctx *c, int64_t id,
	struct attachment_file *out);
/* Replaces attachment id of comment comment_id on ticket_id with an empty
 * "redacted.txt" (agents); *out is the attachment after, arena-owned. */
enum pl_err attachment_redact(struct ctx *c, int64_t ticket_id,
	int64_t comment_id, int64_t id, json_t **out);

#endif
