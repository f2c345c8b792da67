# hc_seed.awk: writes the SQL of the help center benchmark's data set.
#
#   awk -v ARTICLES=100000 -v BRANDS=5 -f bench/hc_seed.awk > seed.sql
#
# One account (id 1, made by `parley admin create-account`), BRANDS brands
# (the default one plus BRANDS-1 more), each with the same 10 locales,
# 5 categories of 4 sections translated in every locale, and
# ARTICLES/BRANDS articles per brand.  Article i is written in locale
# number i % 10 (0 = en-us), so en-us articles of brand 1 have ids 10, 20,
# ... .  Rows are what the server itself writes for an article: the
# translation, its published revision, two labels and the search index row
# (the body's text, as html_text() gives it for these plain paragraphs).
# Words are synthetic, drawn log-uniformly from a vocabulary written to
# vocab.txt (most frequent first), with accented letters for folding.
# Deterministic: srand(42).
BEGIN {
	srand(42)
	nl = split("en-us fr de es it pt-br nl ja ar he", L, " ")
	ns = split("ka ro mi te lu sa no vi pe da ri fo ga hu be ti mo se la ne " \
		"ké rü ño çi að lé sé dü må", S, " ")
	V = 2000
	for (v = 1; v <= V; v++) {
		do {
			k = 2 + int(rand() * 3)
			w = ""
			for (j = 0; j < k; j++)
				w = w S[1 + int(rand() * ns)]
		} while (w in seen)
		seen[w] = 1
		W[v] = w
		print w > "vocab.txt"
	}
	print "PRAGMA foreign_keys=OFF;"
	print "BEGIN;"
	now = 1764000000
	for (b = 2; b <= BRANDS; b++)
		printf "INSERT INTO brands(id, account_id, name, subdomain, created_at, updated_at)" \
			" VALUES (%d, 1, 'Brand %d', 'b%d', %d, %d);\n", b, b, b, now, now
	printf "UPDATE brands SET subdomain = 'b1', name = 'Brand 1' WHERE id = 1;\n"
	for (b = 1; b <= BRANDS; b++)
		for (i = 1; i <= nl; i++)
			printf "INSERT INTO hc_brand_locales VALUES (1, %d, '%s', %d, %d);\n",
				b, L[i], i - 1, i == 1
	tid = 0
	for (l = 1; l <= 50; l++)
		printf "INSERT INTO hc_labels VALUES (%d, 1, 'label%d', %d, %d);\n", l, l, now, now
	# Categories and sections, translated in every locale.
	for (b = 1; b <= BRANDS; b++)
		for (c = 1; c <= 5; c++) {
			cid = (b - 1) * 5 + c
			printf "INSERT INTO hc_categories VALUES (%d, 1, %d, %d, 'en-us', %d, %d);\n",
				cid, b, c, now, now
			for (i = 1; i <= nl; i++)
				printf "INSERT INTO hc_translations VALUES (%d, 1, 'category', %d, '%s'," \
					" '%s %s', '%s', 0, 0, 1, 1, %d, %d);\n", ++tid, cid, L[i],
					W[100 + cid], W[200 + i], W[300 + c], now, now
			for (s = 1; s <= 4; s++) {
				sid = (cid - 1) * 4 + s
				printf "INSERT INTO hc_sections VALUES (%d, 1, %d, %d, NULL, %d," \
					" 'manual', 'en-us', %d, %d);\n", sid, b, cid, s, now, now
				for (i = 1; i <= nl; i++)
					printf "INSERT INTO hc_translations VALUES (%d, 1, 'section', %d," \
						" '%s', '%s %s', '', 0, 0, 1, 1, %d, %d);\n", ++tid, sid,
						L[i], W[400 + sid], W[200 + i], now, now
			}
		}
	per = int(ARTICLES / BRANDS)
	for (a = 1; a <= ARTICLES; a++) {
		b = 1 + int((a - 1) / per)
		if (b > BRANDS)
			b = BRANDS
		sid = (b - 1) * 20 + 1 + (a % 20)
		loc = L[1 + a % nl]
		title = words(6)
		p1 = words(40)
		p2 = words(40)
		body = "<p>" p1 "</p><p>" p2 "</p>"
		l1 = 1 + int(rand() * 50)
		l2 = 1 + (l1 % 50)
		printf "INSERT INTO hc_articles VALUES (%d, 1, %d, %d, 1, %d, %d, 0, NULL," \
			" NULL, '%s', 0, 0, 0, %d, %d, %d);\n", a, b, sid, a % 100, a % 97 == 0,
			loc, now, now, now
		printf "INSERT INTO hc_translations VALUES (%d, 1, 'article', %d, '%s', '%s'," \
			" '%s', 0, 0, 1, 1, %d, %d);\n", ++tid, a, loc, title, body, now, now
		printf "INSERT INTO hc_revisions VALUES (%d, 1, %d, '%s', '%s', '%s'," \
			" 'published', 1, NULL, '', %d, %d);\n", a, a, loc, title, body, now, now
		printf "INSERT INTO hc_article_labels VALUES (%d, %d), (%d, %d);\n", a, l1, a, l2
		printf "INSERT INTO hc_search(rowid, title, labels, body) VALUES (%d, '%s'," \
			" 'label%d label%d', '%s');\n", tid, title, l1 < l2 ? l1 : l2,
			l1 < l2 ? l2 : l1, p1 " " p2
	}
	print "COMMIT;"
}

# n words drawn log-uniformly from the vocabulary (rank 1 most often).
function words(n,   out, i) {
	out = W[int(exp(rand() * log(V)))]
	for (i = 1; i < n; i++)
		out = out " " W[int(exp(rand() * log(V)))]
	return out
}
