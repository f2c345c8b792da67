/*
 * static.c: serving the web root (see static.h).
 *
 * Two guards against reading outside the web root, either enough alone:
 *  1. the URL's segments (already percent-decoded by the server) are
 *     refused when one is empty, starts with '.', or holds '/' or '\'
 *     (an encoded separator), so no segment can climb;
 *  2. the file's real path (symlinks resolved) must lie under the web
 *     root's real path.
 * Files are read whole into the request's arena (the workspace's files are
 * small; WEB_FILE_MAX bounds them).  No build step fingerprints them, so
 * they are revalidated on each use (no-cache) with an ETag of their
 * modification time and size: an unchanged file costs a 304.
 */
#include "parley.h"
#include "web/static.h"
#include "core/config.h"
#include "http/request.h"
#include "util/arena.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "json", "application/json; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "ico", "image/x-icon" },
	{ "woff2", "font/woff2" },
	{ "woff", "font/woff" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "map", "application/json; charset=utf-8" },
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < PL_ARRAY_LEN(types); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

static const char *root_of(const struct ctx *c)
{
	return c->cfg->web_root ? c->cfg->web_root : "web";
}

bool web_static_match(const struct req *r)
{
	return r->web && r->path && r->nseg >= 3 && (strcmp(r->seg[0], "agent") == 0 ||
		strcmp(r->seg[0], "hc") == 0) && strcmp(r->seg[1], "assets") == 0;
}

/* Whether a decoded URL segment may name a file or folder (guard 1). */
static bool segment_ok(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/') && !strchr(s, '\\');
}

/* The real path of root/rel when it is a regular file under the real web
 * root (guard 2), with its status; NULL otherwise.  In the arena. */
static char *resolve(struct ctx *c, const char *rel, struct stat *st)
{
	char root[PATH_MAX], real[PATH_MAX];
	if (!realpath(root_of(c), root))
		return NULL;
	char *path = arena_printf(c->a, "%s/%s", root, rel);
	if (!realpath(path, real))
		return NULL;
	size_t n = strlen(root);
	if (strncmp(real, root, n) != 0 || real[n] != '/')
		return NULL;
	if (stat(real, st) != 0 || !S_ISREG(st->st_mode) || st->st_size > WEB_FILE_MAX)
		return NULL;
	return arena_strdup(c->a, real);
}

/* Reads the file at path of size n into the arena, NUL-terminated. */
static char *slurp(struct ctx *c, const char *path, size_t n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = arena_alloc(c->a, n + 1);
	size_t got = fread(buf, 1, n, f);
	fclose(f);
	return got == n ? buf : NULL;
}

char *web_file(struct ctx *c, const char *rel, size_t *len)
{
	struct stat st;
	char *path = resolve(c, rel, &st);
	if (!path)
		return NULL;
	*len = (size_t)st.st_size;
	return slurp(c, path, *len);
}

enum pl_err web_static_serve(struct req *r)
{
	struct ctx *c = &r->c;
	if (!(r->verb & (V_GET | V_HEAD)))
		return PL_METHOD;
	struct sbuf rel;
	sbuf_init(&rel, c->a);
	if (strcmp(r->seg[0], "hc") == 0)
		sbuf_adds(&rel, "hc/"); /* the help center's folder only */
	for (int i = 2; i < r->nseg; i++) {
		if (!segment_ok(r->seg[i]))
			return PL_NO_ROUTE;
		if (i > 2)
			sbuf_add(&rel, "/", 1);
		sbuf_adds(&rel, r->seg[i]);
	}
	struct stat st;
	char *path = resolve(c, rel.s, &st);
	if (!path)
		return PL_NO_ROUTE;
	char *etag = arena_printf(c->a, "\"%llx-%llx-%llx\"",
		(unsigned long long)st.st_mtim.tv_sec, (unsigned long long)st.st_mtim.tv_nsec,
		(unsigned long long)st.st_size);
	reply_header(r, "ETag", etag);
	reply_header(r, "Cache-Control", "no-cache");
	reply_header(r, "X-Content-Type-Options", "nosniff");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strstr(inm, etag))
		return reply_raw(r, 304, NULL, "", 0);
	char *body = slurp(c, path, (size_t)st.st_size);
	if (!body)
		return PL_NO_ROUTE;
	return reply_raw(r, 200, type_of(path), body, (size_t)st.st_size);
}
