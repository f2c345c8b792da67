#!/usr/bin/env bash
# Help center benchmark: pages rendered per second and article-search
# latency, with ARTICLES articles (default 100,000) across 10 locales and
# 5 brands, each figure next to a baseline measured in the same run:
#  - pages: wrk against /hc pages of brand 1, next to the server's cheapest
#    JSON route (anonymous /api/v2/users/me) on the same server;
#  - search: p50/p99 of /api/v2/help_center/articles/search (reader
#    filters, ranking, snippets, JSON) next to the same queries as bare FTS5
#    MATCH ... ORDER BY bm25 LIMIT 25 on the same database file.
# Usage: bench/hc_bench.sh   (ARTICLES=N DURATION=S CONNECTIONS=C to change)
# Loopback only; every load run is bounded by DURATION seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ARTICLES=${ARTICLES:-100000}
BRANDS=5
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-10}

for tool in wrk sqlite3 cc node awk; do
	command -v "$tool" >/dev/null || { echo "hc_bench: needs $tool (scripts/setup.sh)"; exit 1; }
done
make -s parley

. bench/seeded.sh
W=$(mktemp -d)
trap cleanup EXIT
DB="$W/hc.db"

echo "== data: $ARTICLES articles, 10 locales, $BRANDS brands"
./parley admin create-account b1 --admin-email admin@bench.test \
	--admin-password bench-password-1 --db "sqlite:$DB" >/dev/null
t0=$(date +%s.%N)
(cd "$W" && awk -v ARTICLES="$ARTICLES" -v BRANDS="$BRANDS" -f "$ROOT/bench/hc_seed.awk" > seed.sql)
sqlite3 "$DB" < "$W/seed.sql"
sqlite3 "$DB" "PRAGMA optimize; INSERT INTO hc_search(hc_search) VALUES ('optimize');" >/dev/null
printf "   loaded in %.1f s: %s article translations indexed, %s MB\n" \
	"$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM hc_search")" \
	"$(( $(stat -c %s "$DB") / 1048576 ))"

# Queries: single words from the most frequent to rare ones, and pairs.
V="$W/vocab.txt"
{
	for rank in 1 2 5 10 20 50 100 200 500 1000 1500 1990; do sed -n "${rank}p" "$V"; done
	for pair in "1 7" "3 40" "15 300" "60 900"; do
		set -- $pair
		echo "$(sed -n "${1}p" "$V") $(sed -n "${2}p" "$V")"
	done
	sed -n '4p' "$V" | tr 'a-z' 'A-Z'
} > "$W/queries.txt"
NQ=$(wc -l < "$W/queries.txt")

cc -O2 -o "$W/fts_baseline" bench/hc_fts_baseline.c -lsqlite3

serve_store 4
PORT=${ORIGIN##*:}
HOST="b1.localhost:$PORT"

cat > "$W/article.lua" <<EOF
math.randomseed(7)
request = function()
	return wrk.format("GET", "/hc/en-us/articles/" .. (math.random(1, $((ARTICLES / BRANDS / 10))) * 10))
end
EOF

# rps and p99 of one wrk run.
run_wrk() {
	local out
	out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Host: $HOST" "$@" 2>&1)
	local rps p99 errs
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	errs=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	printf "%10s req/s   p99 %8s%s\n" "$rps" "$p99" "${errs:+   NON-2xx: $errs}"
}

WORD=$(sed -n '100p' "$V")
echo "== pages (wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s each; server 4 threads)"
printf "%-34s" "baseline: GET /api/v2/users/me";   run_wrk "$ORIGIN/api/v2/users/me.json"
printf "%-34s" "home /hc/en-us";                   run_wrk "$ORIGIN/hc/en-us"
printf "%-34s" "category /hc/en-us/categories/1";  run_wrk "$ORIGIN/hc/en-us/categories/1"
printf "%-34s" "section /hc/en-us/sections/1";     run_wrk "$ORIGIN/hc/en-us/sections/1"
printf "%-34s" "article (random of brand 1)";      run_wrk -s "$W/article.lua" "$ORIGIN"
printf "%-34s" "search page ?query=<rank-100 word>"; run_wrk "$ORIGIN/hc/en-us/search?query=$WORD"

echo "== article search latency ($NQ queries x $ROUNDS rounds, sequential, ms)"
read -r n50 p50 p99 found < <(node bench/hc_search.js "$ORIGIN" "$HOST" "$W/queries.txt" "$ROUNDS")
printf "%-34s p50 %8s   p99 %8s   (%s requests)\n" "API search (brand 1, en-us)" "$p50" "$p99" "$n50"
read -r nb b50 b99 rows < <("$W/fts_baseline" "$DB" "$W/queries.txt" "$ROUNDS")
printf "%-34s p50 %8s   p99 %8s   (%s queries)\n" "baseline: bare FTS5 MATCH, bm25" "$b50" "$b99" "$nb"
