/*
 * search_fts_baseline.c: the baseline of the search benchmark: the words
 * of the benchmark's text queries as bare FTS5 queries on the same store
 * file, with what a search page needs from FTS5 (the total and the 100
 * best by rank) and nothing else: no HTTP, no account, filters,
 * permissions or rendering.
 *
 *   search_fts_baseline DB WORDS_FILE
 *
 * Each line of WORDS_FILE holds a query's words; each word is quoted, as
 * Parley quotes them.  Prints: queries p50_ms p99_ms.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s DB WORDS\n", argv[0]);
		return 2;
	}
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid, count(*) OVER () FROM ticket_search"
		" WHERE ticket_search MATCH ? ORDER BY rank LIMIT 100", -1, &st, NULL)
		!= SQLITE_OK) {
		fprintf(stderr, "%s\n", sqlite3_errmsg(db));
		return 1;
	}
	FILE *f = fopen(argv[2], "r");
	if (!f)
		return 1;
	static char line[4096];
	double *t = malloc(sizeof(double) * 2000);
	int n = 0;
	while (n < 2000 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		char expr[8192];
		size_t m = 0;
		for (char *w = strtok(line, " "); w && m < sizeof(expr) - 64; w = strtok(NULL, " "))
			m += (size_t)snprintf(expr + m, sizeof(expr) - m, "%s\"%s\"", m ? " " : "", w);
		if (!m)
			continue;
		double t0 = now_ms();
		sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_reset(st);
		t[n++] = now_ms() - t0;
	}
	fclose(f);
	qsort(t, (size_t)n, sizeof(double), cmp);
	printf("%d %.2f %.2f\n", n, n ? t[n / 2] : 0, n ? t[n * 99 / 100] : 0);
	sqlite3_close(db);
	return 0;
}
