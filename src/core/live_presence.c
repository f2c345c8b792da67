/*
 * live_presence.c: which agents view or type on which ticket (live.h),
 * kept in memory only and published through the bus as presence events.
 *
 * A presence is (account, ticket, user, typing, expiry).  A page renews
 * it every ~12 s; one not renewed for LIVE_PRESENCE_TTL seconds is
 * dropped by the heartbeat thread, and its ticket's presence published,
 * so a closed laptop leaves within half a minute.
 *
 * Invariants:
 *  1. pres[0..npres) are the live presences, at most one per (account,
 *     ticket, user), in arrival order (the order pages list them in).
 *  2. A user has at most USER_TICKETS presences; a new one pushes out the
 *     one nearest its expiry (publishing that ticket too).
 *  3. A presence event is published only when who is there or who types
 *     changes, never for a renewal: a renewal costs no traffic.
 * Everything here runs under bus.lock (liveInt.h).
 */
#include "parley.h"
#include "core/liveInt.h"
#include "core/tickets.h"
#include "util/arena.h"
#include "util/jsonx.h"

#include <string.h>

#define PRESENCE_MAX 4096
#define USER_TICKETS 8
#define NAME_BYTES 64      /* names are cut to this, on a UTF-8 boundary,
                            * bounding an event to a few KB */

struct presence {
	int64_t account_id, ticket_id, user_id, expires;
	bool typing;
	char name[NAME_BYTES + 1];
};

static struct presence pres[PRESENCE_MAX];
static int npres;

static int find(int64_t account_id, int64_t ticket_id, int64_t user_id)
{
	for (int i = 0; i < npres; i++)
		if (pres[i].account_id == account_id && pres[i].ticket_id == ticket_id &&
		    pres[i].user_id == user_id)
			return i;
	return -1;
}

static void drop(int i)
{
	memmove(&pres[i], &pres[i + 1], sizeof(pres[0]) * (size_t)(npres - i - 1));
	npres--;
}

/* The users on a ticket, as a new JSON array (the first LIVE_TICKET_USERS). */
static json_t *users_on(int64_t account_id, int64_t ticket_id)
{
	json_t *users = json_array();
	for (int i = 0; i < npres && json_array_size(users) < LIVE_TICKET_USERS; i++)
		if (pres[i].account_id == account_id && pres[i].ticket_id == ticket_id)
			json_array_append_new(users, json_pack("{s:I,s:s,s:b}", "id",
				(json_int_t)pres[i].user_id, "name", pres[i].name,
				"typing", pres[i].typing));
	return users;
}

/* Publishes the presence event of a ticket; users: borrowed, NULL to
 * compute it. */
static void publish(struct arena *a, int64_t account_id, int64_t ticket_id,
	json_t *users)
{
	json_t *ev = json_pack("{s:I,s:o}", "ticket_id", (json_int_t)ticket_id,
		"users", users ? json_incref(users) : users_on(account_id, ticket_id));
	live_publish_locked(account_id, "presence", jdump(a, ev));
	json_decref(ev);
}

static void copy_name(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n > NAME_BYTES) {
		n = NAME_BYTES;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src ? src : "", n);
	dst[n] = 0;
}

/* Makes room for one more presence of c->me (invariant 2); false when
 * the table is full. */
static bool make_room(struct ctx *c)
{
	int mine = 0, soonest = -1;
	for (int i = 0; i < npres; i++) {
		if (pres[i].account_id != c->account_id || pres[i].user_id != c->me.id)
			continue;
		mine++;
		if (soonest < 0 || pres[i].expires < pres[soonest].expires)
			soonest = i;
	}
	if (mine >= USER_TICKETS) {
		int64_t ticket_id = pres[soonest].ticket_id;
		drop(soonest);
		publish(c->a, c->account_id, ticket_id, NULL);
	}
	return npres < PRESENCE_MAX;
}

/* Applies p for c->me on ticket_id; *changed: whether that changes what
 * the ticket's presence event says. */
static enum pl_err apply(struct ctx *c, int64_t ticket_id, enum live_presence p,
	bool *changed)
{
	int i = find(c->account_id, ticket_id, c->me.id);
	*changed = false;
	if (p == LIVE_LEFT) {
		if (i >= 0) {
			drop(i);
			*changed = true;
		}
		return PL_OK;
	}
	if (i < 0) {
		if (!make_room(c))
			return ctx_fail(c, PL_STORE, "Too many agents are present on "
				"tickets; try again later");
		i = npres++;
		pres[i] = (struct presence){ .account_id = c->account_id,
			.ticket_id = ticket_id, .user_id = c->me.id };
		copy_name(pres[i].name, c->me.name);
		*changed = true;
	}
	if (pres[i].typing != (p == LIVE_TYPING))
		*changed = true;
	pres[i].typing = p == LIVE_TYPING;
	pres[i].expires = c->now + LIVE_PRESENCE_TTL;
	return PL_OK;
}

enum pl_err live_presence_set(struct ctx *c, int64_t ticket_id,
	enum live_presence p, json_t **users)
{
	const char *ticket;
	enum pl_err e = ticket_get(c, ticket_id, &ticket, NULL);
	if (e)
		return e;
	pthread_mutex_lock(&bus.lock);
	bool changed = false;
	if (!bus.running)
		e = ctx_fail(c, PL_STORE, "Live updates are not running");
	else
		e = apply(c, ticket_id, p, &changed);
	if (e) {
		pthread_mutex_unlock(&bus.lock);
		return e;
	}
	*users = jown(c->a, users_on(c->account_id, ticket_id));
	if (changed)
		publish(c->a, c->account_id, ticket_id, *users);
	pthread_mutex_unlock(&bus.lock);
	return PL_OK;
}

void live_presence_expire_locked(int64_t now)
{
	struct arena *a = NULL;
	for (int i = 0; i < npres;) {
		if (pres[i].expires > now) {
			i++;
			continue;
		}
		int64_t account_id = pres[i].account_id, ticket_id = pres[i].ticket_id;
		for (int j = npres - 1; j >= i; j--)
			if (pres[j].account_id == account_id &&
			    pres[j].ticket_id == ticket_id && pres[j].expires <= now)
				drop(j);
		if (!a)
			a = arena_new();
		publish(a, account_id, ticket_id, NULL);
	}
	if (a)
		arena_free(a);
}

void live_presence_clear_locked(void)
{
	npres = 0;
}
