#!/usr/bin/env bash
# Search, views and export benchmark over TICKETS tickets (default
# 1,000,000) in nine languages, seeded straight into the store by
# bench/search_seed.c, each figure next to a baseline where one applies:
#  - search: p50/p99 of 1,000 mixed queries (two words, a word and a
#    field filter, field filters only, date ranges, sorted ones) over HTTP,
#    next to the same queries' words as bare FTS5 MATCH queries (total and
#    top 100 by rank) on the same file, measured in the same run;
#  - views: p50/p99 of GET views/count_many of the six default views, as
#    an agent;
#  - export: tickets per second reading incremental/tickets from
#    start_time=0 to end_of_stream (EXPORT_PAGES=N stops after N pages).
# Usage: bench/search_bench.sh   (TICKETS=N THREADS=T KEEP=dir to change;
# KEEP=dir keeps the seeded store there and reuses it on the next run;
# COLD=1 does not read the store into the OS cache first)
# Loopback only.  Asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${TICKETS:-1000000}
THREADS=${THREADS:-4}

for tool in cc node curl; do
	command -v "$tool" >/dev/null || { echo "search_bench: needs $tool"; exit 1; }
done
make -s parley
mkdir -p build/bench
cc -std=gnu17 -O2 -o build/bench/search_fts_baseline bench/search_fts_baseline.c -lsqlite3
. bench/seeded.sh
seeded_store "$TICKETS"
serve_store "$THREADS"
HOST="bench.localhost:${ORIGIN##*:}"
token=$(curl -s -u admin@bench.test:bench-password-1 -H "Host: $HOST" \
	-H 'Content-Type: application/json' -d '{"api_token":{"description":"bench"}}' \
	"$ORIGIN/api/v2/api_tokens.json" | sed -n 's/.*"token":"\([A-Za-z0-9]*\)".*/\1/p')
[ -n "$token" ] || { echo "search_bench: no API token"; exit 1; }
ADMIN="Basic $(printf 'admin@bench.test/token:%s' "$token" | base64 -w0)"
AGENT="Basic $(printf 'agent1@bench.test/token:%s' "$token" | base64 -w0)"

echo "== $(nproc) CPUs, server threads $THREADS; sequential requests over one connection"
node bench/search_bench.js "$ORIGIN" "$HOST" "$ADMIN" "$AGENT" "$W/vocab.txt" "$W" > "$W/out.txt"
printf "%-34s %6s %9s %9s %12s\n" "" "n" "p50 ms" "p99 ms" "mean results"
awk '$1 == "search" { printf "%-34s %6s %9s %9s %12s\n", "search: " $2, $3, $4, $5, $6 }' "$W/out.txt"
read -r nb b50 b99 < <(build/bench/search_fts_baseline "$DB" "$W/words.txt")
printf "%-34s %6s %9s %9s\n" "baseline: bare FTS5 MATCH, top 100" "$nb" "$b50" "$b99"
awk '$1 == "count_many" { printf "%-34s %6s %9s %9s   counts %s\n", "views/count_many (6 default)", $2, $3, $4, $5 }' "$W/out.txt"
awk '$1 == "export" { printf "%-34s %6s tickets in %s s: %s tickets/s\n", "incremental/tickets export", $2, $3, $4 }' "$W/out.txt"
