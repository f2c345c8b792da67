/*
 * search_seed.c: the data set of the search benchmark, written straight
 * into a store file made by `parley admin create-account` (so the
 * migrations, the account and its default views are the server's own).
 *
 *   search_seed DB N
 *
 * Writes, for account 1 (whose "now" is the time of the run): 8 groups, 40 agents in them, 2,000
 * organizations, 50,000 end users, and N tickets created over two years
 * in nine languages (English, Spanish, Portuguese, Russian, Ukrainian,
 * Dutch, German, French, Hindi), each with its audit, status events,
 * first comment and, for some, a later public reply or a private note,
 * as the server writes them.  The SQL triggers of migrations 0080 and
 * 0082 index them exactly as they index the server's writes.  Words are
 * drawn with a Zipf law from a vocabulary per language: common real
 * words first, then generated ones.  Deterministic (fixed seed).
 * Prints the vocabulary of each language to vocab.txt (most frequent
 * first, "lang word" per line) for the query generator.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#define AGENTS 40
#define GROUPS 8
#define ORGS 2000
#define END_USERS 50000
#define TAGS 300
#define SYNTH 4000            /* generated words per language */
#define SPAN (2 * 365 * 86400LL)

static int64_t NOW;           /* when the seed runs: the data set ends then */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double uniform(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static int below(int n)
{
	return (int)(uniform() * n);
}

struct lang {
	const char *code;
	const char *words;        /* common real words, space separated */
	const char *syllables;    /* for generated words */
	char **vocab;
	int n;
	double *cdf;              /* Zipf */
};

static struct lang langs[] = {
	{ "en", "the printer is not working my order account password login error"
	  " invoice refund payment shipping delivery late broken screen app crash"
	  " update email cannot access help please urgent issue problem support"
	  " customer service request cancel subscription charge card bank transfer"
	  " package tracking number address change phone call back reset code"
	  " warranty return replace damaged missing item product price discount"
	  " coupon website page slow loading download install version mobile"
	  " laptop battery charger cable network wifi connection server outage",
	  "ka|ro|mi|te|lu|sa|no|vi|pe|da|ri|fo|ga|hu|be|ti|mo|se|la|ne", NULL, 0, NULL },
	{ "es", "el la no puedo iniciar sesión contraseña cuenta pedido factura"
	  " reembolso pago envío entrega retraso roto pantalla aplicación error"
	  " correo ayuda por favor urgente problema soporte cliente servicio"
	  " solicitud cancelar suscripción cargo tarjeta banco transferencia"
	  " paquete seguimiento número dirección cambio teléfono llamada código"
	  " garantía devolución producto precio descuento página lenta descarga"
	  " instalación versión móvil batería cargador conexión señor año niño",
	  "ca|ño|ra|ción|me|to|sa|lí|gú|pe|rá|bo|di|ne|ví|ta|lo|mú|ré|zo", NULL, 0, NULL },
	{ "pt", "não consigo entrar senha conta pedido fatura reembolso pagamento"
	  " envio entrega atraso quebrado tela aplicativo erro email ajuda por"
	  " favor urgente problema suporte cliente serviço solicitação cancelar"
	  " assinatura cobrança cartão banco transferência pacote rastreamento"
	  " número endereço mudança telefone ligação código garantia devolução"
	  " produto preço desconto página lenta baixar instalação versão celular"
	  " bateria carregador conexão cobrança duplicada São Paulo coração ação",
	  "ção|ã|ba|ço|ri|lhe|ma|to|nhe|pa|sé|go|rá|vi|dú|ne|lo|tê|fi|xa", NULL, 0, NULL },
	{ "ru", "не могу войти пароль аккаунт заказ счёт возврат оплата доставка"
	  " задержка сломан экран приложение ошибка почта помогите пожалуйста"
	  " срочно проблема поддержка клиент сервис запрос отменить подписка"
	  " списание карта банк перевод посылка отслеживание номер адрес"
	  " изменение телефон звонок код гарантия товар цена скидка страница"
	  " медленно загрузка установка версия мобильный батарея зарядка связь"
	  " ёлка ёжик всё ещё объём подъезд",
	  "ка|ро|ми|те|лу|са|но|ви|пе|да|ри|фо|га|ху|бе|ти|мо|се|ля|не|ё|й|щи|жу", NULL, 0, NULL },
	{ "uk", "не можу увійти пароль обліковий запис замовлення рахунок"
	  " повернення оплата доставка затримка зламаний екран застосунок"
	  " помилка пошта допоможіть будь ласка терміново проблема підтримка"
	  " клієнт сервіс запит скасувати підписка списання картка банк переказ"
	  " посилка відстеження номер адреса зміна телефон дзвінок код гарантія"
	  " товар ціна знижка сторінка повільно завантаження встановлення версія"
	  " батарея зарядка зв'язок їжак їхати ґанок є",
	  "ка|ро|мі|те|лу|са|но|ві|пе|да|ри|фо|ґа|ху|бе|ті|мо|се|ля|не|ї|є|щи", NULL, 0, NULL },
	{ "nl", "kan niet inloggen wachtwoord account bestelling factuur"
	  " terugbetaling betaling verzending levering vertraging kapot scherm"
	  " app fout email help alstublieft dringend probleem ondersteuning klant"
	  " dienst verzoek annuleren abonnement afschrijving kaart bank"
	  " overboeking pakket volgen nummer adres wijziging telefoon bellen code"
	  " garantie retour product prijs korting pagina traag downloaden"
	  " installatie versie mobiel batterij oplader verbinding bestelling niet"
	  " ontvangen waar blijft mijn pakket",
	  "ka|ro|mij|te|lu|sa|no|vi|pe|daa|rie|fo|ga|huu|be|ti|moo|se|la|ne|ij", NULL, 0, NULL },
	{ "de", "ich kann mich nicht anmelden passwort konto bestellung rechnung"
	  " rückerstattung zahlung versand lieferung verspätung kaputt bildschirm"
	  " app fehler email hilfe bitte dringend problem kundendienst kunde"
	  " anfrage kündigen abonnement abbuchung karte bank überweisung paket"
	  " sendungsverfolgung nummer adresse änderung telefon rückruf code"
	  " garantie rücksendung produkt preis rabatt seite langsam herunterladen"
	  " installation version handy akku ladegerät verbindung straße größe"
	  " weiß schließen",
	  "ka|rö|mi|te|lü|sa|no|vi|pe|dä|ri|fo|ga|hu|be|ti|mo|se|ß|ne|sch", NULL, 0, NULL },
	{ "fr", "je ne peux pas me connecter mot de passe compte commande facture"
	  " remboursement paiement expédition livraison retard cassé écran"
	  " application erreur courriel aide urgent problème assistance client"
	  " service demande annuler abonnement prélèvement carte banque virement"
	  " colis suivi numéro adresse changement téléphone appel code garantie"
	  " retour produit prix remise page lente téléchargement installation"
	  " version mobile batterie chargeur connexion café reçu déjà très",
	  "ka|ro|mi|té|lu|sa|no|vi|pè|da|ri|fo|ga|hu|bé|ti|mo|se|là|ne|ç", NULL, 0, NULL },
	{ "hi", "मैं लॉगिन नहीं कर पा रहा पासवर्ड खाता ऑर्डर बिल रिफंड भुगतान"
	  " शिपिंग डिलीवरी देरी टूटा स्क्रीन ऐप त्रुटि ईमेल मदद कृपया तुरंत"
	  " समस्या सहायता ग्राहक सेवा अनुरोध रद्द सदस्यता शुल्क कार्ड बैंक"
	  " ट्रांसफर पैकेज ट्रैकिंग नंबर पता बदलाव फोन कॉल कोड वारंटी वापसी"
	  " उत्पाद कीमत छूट पेज धीमा डाउनलोड इंस्टॉल संस्करण मोबाइल बैटरी"
	  " चार्जर कनेक्शन विफल गया",
	  "का|रो|मि|ते|लु|सा|नो|वि|पे|दा|रि|फो|गा|हु|बे|ति|मो|से|ला|ने|क्ष|त्र", NULL, 0, NULL },
};
#define NLANGS (sizeof(langs) / sizeof(langs[0]))

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

/* The language's vocabulary: its words, then SYNTH generated ones. */
static void build_vocab(struct lang *l, FILE *out)
{
	const char *syl[32];
	size_t syllen[32];
	int ns = 0;
	for (const char *p = l->syllables; *p && ns < 32;) {
		size_t n = strcspn(p, "|");
		syl[ns] = p;
		syllen[ns++] = n;
		p += n + (p[n] == '|');
	}
	int cap = 200 + SYNTH;
	l->vocab = malloc(sizeof(char *) * (size_t)cap);
	l->n = 0;
	for (const char *p = l->words; *p;) {
		size_t n = strcspn(p, " ");
		if (n)
			l->vocab[l->n++] = dup_n(p, n);
		p += n + (p[n] == ' ');
	}
	for (int i = 0; i < SYNTH; i++) {
		char w[96] = "";
		int k = 2 + below(3);
		for (int j = 0; j < k; j++) {
			int s = below(ns);
			strncat(w, syl[s], syllen[s]);
		}
		l->vocab[l->n++] = strdup(w);
	}
	l->cdf = malloc(sizeof(double) * (size_t)l->n);
	double sum = 0;
	for (int i = 0; i < l->n; i++)
		sum += 1.0 / pow(i + 1, 1.05);
	double acc = 0;
	for (int i = 0; i < l->n; i++) {
		acc += 1.0 / pow(i + 1, 1.05) / sum;
		l->cdf[i] = acc;
		fprintf(out, "%s %s\n", l->code, l->vocab[i]);
	}
}

static const char *word(const struct lang *l)
{
	double u = uniform();
	int lo = 0, hi = l->n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (l->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return l->vocab[lo];
}

static void text(const struct lang *l, int words, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = 0;
	for (int i = 0; i < words; i++) {
		const char *w = word(l);
		size_t m = strlen(w);
		if (n + m + 2 >= cap)
			break;
		if (i)
			buf[n++] = ' ';
		memcpy(buf + n, w, m);
		n += m;
		buf[n] = 0;
	}
	if (n && buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 32);
}

static sqlite3 *db;

static void exec(const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "search_seed: %s\n  in: %.200s\n", err, sql);
		exit(1);
	}
}

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "search_seed: %s\n  in: %s\n", sqlite3_errmsg(db), sql);
		exit(1);
	}
	return st;
}

/* Binds "i" int64, "t" text (NULL binds NULL), "n" int64 or NULL when 0,
 * steps once and resets; returns the first column of a returned row. */
static int64_t run(sqlite3_stmt *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 't') {
			const char *s = va_arg(ap, const char *);
			if (s)
				sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, i + 1);
		} else {
			int64_t v = va_arg(ap, int64_t);
			if (fmt[i] == 'n' && !v)
				sqlite3_bind_null(st, i + 1);
			else
				sqlite3_bind_int64(st, i + 1, v);
		}
	}
	va_end(ap);
	int rc = sqlite3_step(st);
	int64_t out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fprintf(stderr, "search_seed: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_reset(st);
	return out;
}

static const char *pick(const char *const *v, const int *weights, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	int r = below(total);
	for (int i = 0; i < n; i++) {
		if (r < weights[i])
			return v[i];
		r -= weights[i];
	}
	return v[n - 1];
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s DB N\n", argv[0]);
		return 2;
	}
	long n = atol(argv[2]);
	NOW = (int64_t)time(NULL);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;"
		" PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;");
	FILE *vf = fopen("vocab.txt", "w");
	if (!vf)
		return 1;
	for (size_t i = 0; i < NLANGS; i++)
		build_vocab(&langs[i], vf);
	fclose(vf);

	exec("BEGIN");
	sqlite3_stmt *grp = prep("INSERT INTO groups_(account_id, name, created_at,"
		" updated_at) VALUES (1, ?, ?, ?) RETURNING id");
	sqlite3_stmt *usr = prep("INSERT INTO users(account_id, name, email, role,"
		" organization_id, locale, verified, created_at, updated_at)"
		" VALUES (1, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id");
	sqlite3_stmt *gm = prep("INSERT INTO group_memberships(account_id, user_id,"
		" group_id, is_default, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?)");
	sqlite3_stmt *org = prep("INSERT INTO organizations(account_id, name, extra,"
		" created_at, updated_at) VALUES (1, ?, ?, ?, ?) RETURNING id");
	sqlite3_stmt *om = prep("INSERT INTO organization_memberships(account_id,"
		" user_id, organization_id, is_default, created_at, updated_at)"
		" VALUES (1, ?, ?, 1, ?, ?)");
	int64_t groups[GROUPS], agents[AGENTS], *orgs = malloc(sizeof(int64_t) * ORGS);
	int64_t *users = malloc(sizeof(int64_t) * END_USERS);
	int64_t *user_org = malloc(sizeof(int64_t) * END_USERS);
	int64_t t0 = NOW - SPAN - 86400 * 30;
	for (int i = 0; i < GROUPS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Group %d", i + 1);
		groups[i] = run(grp, "tii", name, t0, t0);
	}
	for (int i = 0; i < AGENTS; i++) {
		char name[32], email[64];
		snprintf(name, sizeof(name), "Agent %d", i + 1);
		snprintf(email, sizeof(email), "agent%d@bench.test", i + 1);
		agents[i] = run(usr, "tttntii", name, email, "agent", (int64_t)0, "en-US", t0, t0);
		run(gm, "iiiii", agents[i], groups[i % GROUPS], (int64_t)1, t0, t0);
		if (i % 3 == 0)
			run(gm, "iiiii", agents[i], groups[(i + 3) % GROUPS], (int64_t)0, t0, t0);
	}
	for (int i = 0; i < ORGS; i++) {
		char name[64], extra[128];
		snprintf(name, sizeof(name), "Org %d %s", i + 1, word(&langs[i % NLANGS]));
		snprintf(extra, sizeof(extra), "{\"domain_names\":[\"org%d.test\"],"
			"\"tags\":[\"tier%d\"]}", i + 1, i % 4);
		orgs[i] = run(org, "ttii", name, extra, t0, t0);
	}
	for (int i = 0; i < END_USERS; i++) {
		const struct lang *l = &langs[i % NLANGS];
		char name[96], email[64];
		snprintf(name, sizeof(name), "%s %s", word(l), word(l));
		snprintf(email, sizeof(email), "user%d@example%d.test", i + 1, i % 97);
		user_org[i] = below(10) < 7 ? orgs[below(ORGS)] : 0;
		users[i] = run(usr, "tttntii", name, email, "end-user", user_org[i],
			l->code, t0, t0);
		if (user_org[i])
			run(om, "iiii", users[i], user_org[i], t0, t0);
	}
	exec("COMMIT");

	sqlite3_stmt *tk = prep("INSERT INTO tickets(account_id, subject, description,"
		" status, priority, type, requester_id, submitter_id, assignee_id,"
		" organization_id, group_id, brand_id, due_at, via_channel, tags,"
		" created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?,"
		" ?, ?, ?) RETURNING id");
	sqlite3_stmt *au = prep("INSERT INTO ticket_audits(account_id, ticket_id,"
		" author_id, via_channel, created_at) VALUES (1, ?, ?, ?, ?) RETURNING id");
	sqlite3_stmt *ev = prep("INSERT INTO ticket_events(account_id, ticket_id,"
		" audit_id, type, field_name, value, previous_value, created_at)"
		" VALUES (1, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	sqlite3_stmt *cm = prep("INSERT INTO ticket_comments(id, account_id, ticket_id,"
		" audit_id, author_id, body, html_body, plain_body, public, created_at)"
		" VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)");
	static const char *const recent[] = { "new", "open", "pending", "hold", "solved" };
	static const int recent_w[] = { 15, 35, 15, 5, 30 };
	static const char *const old[] = { "closed", "solved", "open", "pending", "hold", "new" };
	static const int old_w[] = { 80, 5, 7, 4, 2, 2 };
	static const char *const prios[] = { NULL, "low", "normal", "high", "urgent" };
	static const int prio_w[] = { 30, 15, 35, 15, 5 };
	static const char *const types[] = { NULL, "question", "incident", "problem", "task" };
	static const int type_w[] = { 40, 30, 15, 5, 10 };
	static const char *const vias[] = { "email", "web", "api" };
	static const int via_w[] = { 50, 30, 20 };
	double tag_cdf[TAGS], acc = 0, sum = 0;
	for (int i = 0; i < TAGS; i++)
		sum += 1.0 / (i + 1);
	for (int i = 0; i < TAGS; i++)
		tag_cdf[i] = (acc += 1.0 / (i + 1) / sum);
	char subject[512], body[4096], reply[4096], tags[256], value[32], html[4200];
	exec("BEGIN");
	for (long i = 0; i < n; i++) {
		const struct lang *l = &langs[below(NLANGS)];
		int64_t created = NOW - SPAN + (int64_t)((double)SPAN * i / n) + below(60);
		bool fresh = NOW - created < 14 * 86400;
		const char *status = fresh ? pick(recent, recent_w, 5) : pick(old, old_w, 6);
		const char *prio = pick(prios, prio_w, 5), *type = pick(types, type_w, 5);
		int u = below(END_USERS);
		int64_t assignee = strcmp(status, "new") && below(10) ? agents[below(AGENTS)] : 0;
		int64_t group = below(100) < 85 ? groups[below(GROUPS)] : 0;
		int64_t updated = created + (int64_t)(-log(1 - uniform()) * 3 * 86400);
		if (updated > NOW - 60)
			updated = NOW - 60;
		int64_t due = type && !strcmp(type, "task") ? created + 7 * 86400 : 0;
		text(l, 3 + below(5), subject, sizeof(subject));
		text(l, 15 + below(25), body, sizeof(body));
		size_t tl = 1;
		strcpy(tags, "[");
		for (int k = below(4); k > 0; k--) {
			double x = uniform();
			int t = 0;
			while (t < TAGS - 1 && tag_cdf[t] < x)
				t++;
			char one[32];
			snprintf(one, sizeof(one), "%s\"tag%d\"", tl > 1 ? "," : "", t + 1);
			if (!strstr(tags, one + (tl > 1)))
				tl += (size_t)snprintf(tags + tl, sizeof(tags) - tl, "%s", one);
		}
		strcat(tags, "]");
		const char *via = pick(vias, via_w, 3);
		int64_t id = run(tk, "tttttiinnnnttii", subject, body, status, prio, type,
			users[u], users[u], assignee, user_org[u], group, due, via, tags,
			created, updated);
		int64_t a = run(au, "iiti", id, users[u], via, created);
		bool done = !strcmp(status, "solved") || !strcmp(status, "closed");
		snprintf(value, sizeof(value), "\"%s\"", done ? "new" : status);
		run(ev, "iitttti", id, a, "Create", "status", value, (const char *)NULL,
			created);
		int64_t c = run(ev, "iitttti", id, a, "Comment", (const char *)NULL,
			(const char *)NULL, (const char *)NULL, created);
		snprintf(html, sizeof(html), "<p>%s</p>", body);
		run(cm, "iiiitttii", c, id, a, users[u], body, html, body, (int64_t)1, created);
		/* A reply (or a private note) halfway, and the solving change. */
		int r = below(100);
		if (r < 25 && assignee) {
			int64_t at = created + (updated - created) / 2;
			int64_t a2 = run(au, "iiti", id, assignee, "api", at);
			text(l, 8 + below(20), reply, sizeof(reply));
			int64_t c2 = run(ev, "iitttti", id, a2, "Comment", (const char *)NULL,
				(const char *)NULL, (const char *)NULL, at);
			snprintf(html, sizeof(html), "<p>%s</p>", reply);
			run(cm, "iiiitttii", c2, id, a2, assignee, reply, html, reply,
				(int64_t)(r < 20), at);
		}
		if (done) {
			int64_t at = !strcmp(status, "closed") ? updated - 4 * 86400 : updated;
			if (at < created)
				at = created;
			int64_t a3 = run(au, "iiti", id, assignee ? assignee : agents[0], "api", at);
			run(ev, "iitttti", id, a3, "Change", "status", "\"solved\"", "\"open\"",
				at);
			if (!strcmp(status, "closed")) {
				int64_t a4 = run(au, "iiti", id, agents[0], "api", updated);
				run(ev, "iitttti", id, a4, "Change", "status", "\"closed\"",
					"\"solved\"", updated);
			}
		}
		if ((i + 1) % 20000 == 0) {
			exec("COMMIT; BEGIN");
			fprintf(stderr, "\r   %ld tickets", i + 1);
		}
	}
	exec("COMMIT");
	fprintf(stderr, "\r   %ld tickets\n", n);
	exec("INSERT INTO ticket_counts(account_id, live) SELECT 1, count(*) FROM tickets"
		" WHERE account_id = 1 ON CONFLICT(account_id) DO UPDATE SET live = excluded.live");
	exec("INSERT INTO ticket_search(ticket_search) VALUES ('optimize');"
		" INSERT INTO user_search(user_search) VALUES ('optimize'); ANALYZE;");
	sqlite3_close(db);
	return 0;
}
