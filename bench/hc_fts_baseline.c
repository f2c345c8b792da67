/*
 * hc_fts_baseline.c: the baseline of the help center search benchmark: the
 * same queries as bare FTS5 MATCH queries on the same database file, with
 * no HTTP, no filters and no rendering.
 *
 *   hc_fts_baseline DB QUERIES_FILE ROUNDS
 *
 * Each line of QUERIES_FILE is one query as the API gets it; it is quoted
 * word by word as search.c does.  Prints p50 and p99 in milliseconds.
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
	if (argc != 4) {
		fprintf(stderr, "usage: %s DB QUERIES ROUNDS\n", argv[0]);
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT rowid, bm25(hc_search, 10.0, 4.0, 1.0) AS score"
		" FROM hc_search WHERE hc_search MATCH ? ORDER BY score LIMIT 25", -1, &st,
		NULL) != SQLITE_OK) {
		fprintf(stderr, "%s\n", sqlite3_errmsg(db));
		return 1;
	}
	FILE *f = fopen(argv[2], "r");
	if (!f)
		return 1;
	char lines[256][128];
	int nq = 0;
	while (nq < 256 && fgets(lines[nq], sizeof(lines[nq]), f)) {
		lines[nq][strcspn(lines[nq], "\n")] = 0;
		nq++;
	}
	fclose(f);
	int rounds = atoi(argv[3]);
	double *t = malloc(sizeof(double) * (size_t)(nq * rounds));
	int n = 0;
	long rows = 0;
	for (int r = 0; r < rounds; r++)
		for (int q = 0; q < nq; q++) {
			char expr[400] = "";
			char *save = NULL, buf[128];
			strcpy(buf, lines[q]);
			for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
				strcat(expr, *expr ? " \"" : "\"");
				strcat(expr, w);
				strcat(expr, "\"");
			}
			double t0 = now_ms();
			sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
			while (sqlite3_step(st) == SQLITE_ROW)
				rows++;
			sqlite3_reset(st);
			t[n++] = now_ms() - t0;
		}
	qsort(t, (size_t)n, sizeof(double), cmp);
	printf("%d %.3f %.3f %ld\n", n, t[n / 2], t[(int)(n * 0.99)], rows);
	free(t);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
