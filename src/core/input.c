/*
 * input.c: field readers for request objects (see input.h).
 *
 * Messages follow Zendesk: "<Label>: <problem>", the label being the field
 * name capitalized with '_' shown as a space.
 */
#include "parley.h"
#include "core/input.h"
#include "util/arena.h"

#include <string.h>

#define WORDS_MAX 100

const char *input_label(struct ctx *c, const char *field)
{
	char *s = arena_strdup(c->a, field);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (*s >= 'a' && *s <= 'z')
		*s -= 32;
	return s;
}

static enum pl_err invalid(struct ctx *c, const char *field, const char *what)
{
	return ctx_invalid(c, field, "InvalidValue", "%s: %s",
		input_label(c, field), what);
}

static enum pl_err too_long(struct ctx *c, const char *field, size_t max)
{
	return ctx_invalid(c, field, "TooLong",
		"%s: is too long (maximum is %zu characters)",
		input_label(c, field), max);
}

enum pl_err input_blank(struct ctx *c, const char *field)
{
	return ctx_invalid(c, field, "BlankValue", "%s: cannot be blank",
		input_label(c, field));
}

bool input_is_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

enum pl_err input_text(struct ctx *c, json_t *in, const char *field, size_t max,
	const char **out)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	if (json_is_null(v)) {
		*out = NULL;
		return PL_OK;
	}
	if (!json_is_string(v))
		return invalid(c, field, "must be a string");
	if (json_string_length(v) > max)
		return too_long(c, field, max);
	*out = json_string_value(v);
	return PL_OK;
}

enum pl_err input_string(struct ctx *c, json_t *in, const char *field,
	size_t max, bool nullable, const char **out)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	if (json_is_null(v) && nullable) {
		*out = NULL;
		return PL_OK;
	}
	if (!json_is_string(v))
		return invalid(c, field, "must be a string");
	if (json_string_length(v) > max)
		return ctx_invalid(c, field, "TooLong", "%s: is too long",
			input_label(c, field));
	*out = json_string_value(v);
	return PL_OK;
}

enum pl_err input_key(struct ctx *c, json_t *in, const char *field,
	const char **out)
{
	json_t *v = json_object_get(in, field);
	if (json_is_integer(v)) {
		*out = arena_printf(c->a, "%lld", (long long)json_integer_value(v));
		return PL_OK;
	}
	enum pl_err e = input_text(c, in, field, 255, out);
	if (!e && *out && !**out)
		*out = NULL; /* "" clears, as null does */
	return e;
}

enum pl_err input_bool(struct ctx *c, json_t *in, const char *field, bool *out)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	if (!json_is_boolean(v))
		return invalid(c, field, "must be true or false");
	*out = json_is_true(v);
	return PL_OK;
}

enum pl_err input_title(struct ctx *c, json_t *in, bool required, const char **out)
{
	json_t *v = json_object_get(in, "title");
	if (!v && !required)
		return PL_OK;
	const char *s = json_string_value(v);
	if (input_is_blank(s))
		return input_blank(c, "title");
	if (strlen(s) > 255)
		return too_long(c, "title", 255);
	*out = s;
	return PL_OK;
}

enum pl_err input_position(struct ctx *c, json_t *in, int64_t *out)
{
	json_t *v = json_object_get(in, "position");
	if (!v)
		return PL_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return invalid(c, "position", "must be a whole number of 0 or more");
	*out = json_integer_value(v);
	return PL_OK;
}

enum pl_err input_flag(struct ctx *c, json_t *in, const char *field, int *out)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	if (!json_is_boolean(v))
		return ctx_invalid(c, field, "InvalidValue", "%s: must be true or false",
			field);
	*out = json_is_true(v);
	return PL_OK;
}

enum pl_err input_id(struct ctx *c, json_t *in, const char *field, int64_t *out)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	if (json_is_null(v)) {
		*out = 0;
		return PL_OK;
	}
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return invalid(c, field, "must be a positive integer id");
	*out = json_integer_value(v);
	return PL_OK;
}

enum pl_err input_extra_text(struct ctx *c, json_t *in, const char *field,
	size_t max, json_t *extra)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	const char *s = NULL;
	enum pl_err e = input_text(c, in, field, max, &s);
	if (e)
		return e;
	json_object_set_new(extra, field, s ? json_string(s) : json_null());
	return PL_OK;
}

/* Appends the space-separated words of s to words, lower-cased, skipping
 * duplicates. */
static enum pl_err add_words(struct ctx *c, const char *field, size_t max,
	const char *s, json_t *words)
{
	char *copy = arena_strdup(c->a, s), *save = NULL;
	for (char *w = strtok_r(copy, " \t\r\n,", &save); w;
	     w = strtok_r(NULL, " \t\r\n,", &save)) {
		if (strlen(w) > max)
			return too_long(c, field, max);
		for (char *p = w; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 32;
		bool seen = false;
		size_t i;
		json_t *t;
		json_array_foreach(words, i, t)
			seen |= strcmp(json_string_value(t), w) == 0;
		if (!seen)
			json_array_append_new(words, json_string(w));
	}
	if (json_array_size(words) > WORDS_MAX)
		return invalid(c, field, "has too many entries (at most 100)");
	return PL_OK;
}

enum pl_err input_words(struct ctx *c, json_t *in, const char *field, size_t max,
	json_t *extra)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	json_t *words = json_array();
	json_object_set_new(extra, field, words);
	if (json_is_null(v))
		return PL_OK;
	if (json_is_string(v))
		return add_words(c, field, max, json_string_value(v), words);
	if (!json_is_array(v))
		return invalid(c, field, "must be a list of strings");
	size_t i;
	json_t *t;
	json_array_foreach(v, i, t) {
		if (!json_is_string(t))
			return invalid(c, field, "must be a list of strings");
		enum pl_err e = add_words(c, field, max, json_string_value(t), words);
		if (e)
			return e;
	}
	return PL_OK;
}

enum pl_err input_fields(struct ctx *c, json_t *in, const char *field, json_t *extra)
{
	json_t *v = json_object_get(in, field);
	if (!v)
		return PL_OK;
	if (json_is_null(v)) {
		json_object_set_new(extra, field, json_object());
		return PL_OK;
	}
	if (!json_is_object(v))
		return invalid(c, field, "must be an object of field values");
	json_t *cur = json_object_get(extra, field);
	json_t *merged = json_is_object(cur) ? json_copy(cur) : json_object();
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) {
		if (json_is_object(x) || json_is_array(x)) {
			json_decref(merged);
			return invalid(c, field, "values must be strings, numbers, "
				"true, false or null");
		}
		if (strlen(k) > 64) {
			json_decref(merged);
			return invalid(c, field, "keys are at most 64 characters");
		}
		json_object_set(merged, k, x);
	}
	json_object_set_new(extra, field, merged);
	return PL_OK;
}
