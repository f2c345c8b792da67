/*
 * static.h: files of the web root (--web-root, PARLEY_WEB_ROOT, ./web).
 *
 * /agent/assets/PATH serves <web root>/PATH: the workspace's own files are
 * under agent/ (/agent/assets/agent/app.js), and other folders of the web
 * root are reachable the same way.  /hc/assets/PATH serves
 * <web root>/hc/PATH, the help center's own files (its pages' scripts).  Only regular files are served; a path
 * with an empty, "." or ".." segment, a hidden name, a backslash or one
 * that resolves (through symlinks) outside the web root answers 404.
 */
#ifndef HEADER_WEB_STATIC_H
#define HEADER_WEB_STATIC_H

#include <stdbool.h>
#include <stddef.h>

struct ctx;
struct req;

#define WEB_ASSETS_PREFIX "/agent/assets/"
#define WEB_HC_ASSETS_PREFIX "/hc/assets/"
/* Largest file served or read. */
#define WEB_FILE_MAX (4 * 1024 * 1024)

/* Whether r is a request for an asset (a page under /agent/assets/ or
 * /hc/assets/). */
bool web_static_match(const struct req *r);
/* Answers an asset request: 200 with Content-Type, ETag and
 * Cache-Control: no-cache (the browser revalidates, and gets 304 when
 * If-None-Match names the current ETag); 404 when there is no such file;
 * 405 for methods other than GET and HEAD. */
enum pl_err web_static_serve(struct req *r);

/* The contents of <web root>/rel (rel trusted: written by the server),
 * NUL-terminated, in the arena, with *len its size; NULL when missing or
 * larger than WEB_FILE_MAX. */
char *web_file(struct ctx *c, const char *rel, size_t *len);

#endif
