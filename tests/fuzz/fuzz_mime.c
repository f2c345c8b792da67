/*
 * fuzz_mime.c: libFuzzer target for inbound mail as Parley reads it:
 * mime_parse (GMime, charsets, multiparts, encoded words), then what core
 * does with the result before touching the store: mail_is_automatic and
 * mail_trim_reply.  Checks that every string handed on is valid UTF-8 and
 * every file has a name.  Seeds: tests/fuzz/corpus/mime.
 */
#include "parley.h"
#include "channels/mime_parse.h"
#include "core/mail.h"
#include "util/arena.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const char *s)
{
	if (s && !g_utf8_validate(s, -1, NULL))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		mime_init();
		ready = true;
	}
	struct arena *a = arena_new();
	struct mail_msg m;
	if (mime_parse(a, (const char *)data, size, &m)) {
		check_utf8(m.subject);
		check_utf8(m.text);
		check_utf8(m.html);
		check_utf8(m.from.name);
		for (int i = 0; i < m.nto; i++)
			check_utf8(m.to[i].name);
		for (int i = 0; i < m.nfiles; i++)
			if (!m.files[i].name || !*m.files[i].name)
				__builtin_trap();
		const char *why;
		(void)mail_is_automatic(&m, "", &why);
		check_utf8(mail_trim_reply(a, m.text));
	}
	arena_free(a);
	return 0;
}
