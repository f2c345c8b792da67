#!/usr/bin/env bash
# bench/callgrind.sh: instructions per request of each bench/run.sh row,
# counted by valgrind's callgrind, which the load of other processes does
# not change (wrk's requests/s on a shared machine swing by 2x).
#
#   bench/callgrind.sh [KIND...]     KIND: me show list create (default: all)
#
# Environment: BENCH_N (tickets seeded first, 2000), BENCH_REQUESTS (measured
# requests per kind, 200), KEEP=dir (keeps the work folder: cg.KIND.out for
# callgrind_annotate), BENCH_FIELD=1 (a custom field is created after the
# seeding, so the stored ticket renders carry an old stamp, as right after a
# field change), BENCH_BACKFILL=1 (with BENCH_FIELD: the seeding server's
# render backfill thread stores them again before the measures).
#
# Seeds a store through the API (bench/seed.js) with a normal server, then
# for each kind starts `parley serve --threads 1` under callgrind with
# instrumentation off, sends 20 requests to warm it up, counts the next
# BENCH_REQUESTS (bench/drive.js, one connection) and prints the
# instructions per request, in all and without memset.  The second figure
# is the one to compare: MHD zeroes its 256 KB connection pool after every
# request with `rep stosb`, which callgrind counts byte by byte (the
# baselines pay the same).  The measured servers run without the render
# backfill thread (--render-backfill 0), which callgrind would count too.  memcpy is counted the same way, so copies of
# large bodies weigh more here than in time.  Prints; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${BENCH_N:-2000}
REQUESTS=${BENCH_REQUESTS:-200}
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(me show list create)
EMAIL=admin@bench.test
PASSWORD=bench-password-1

for tool in valgrind callgrind_annotate callgrind_control curl node sqlite3; do
	command -v "$tool" >/dev/null || { echo "callgrind.sh: $tool is missing" >&2; exit 1; }
done
make -s parley

tmp=${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/parley-callgrind.XXXXXX")}
mkdir -p "$tmp"
PID=
cleanup() {
	[ -z "$PID" ] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# serve LOG [valgrind args...]: starts parley on the store, sets ORIGIN, PID;
# the render backfill thread runs every BACKFILL seconds (0: not at all).
BACKFILL=1
serve() {
	local log=$1
	shift
	"$@" ./parley serve --listen 127.0.0.1:0 --db "sqlite:$tmp/parley.db" \
		--threads 1 --render-backfill "$BACKFILL" >"$log" 2>&1 &
	PID=$!
	ORIGIN=
	for _ in $(seq 300); do
		ORIGIN=$(sed -n 's/.*ready on \(http:[^ ]*\).*/\1/p' "$log")
		[ -n "$ORIGIN" ] && return 0
		sleep 0.1
	done
	echo "callgrind.sh: parley did not start:" >&2
	cat "$log" >&2
	exit 1
}

stop() {
	kill "$PID"
	wait "$PID" 2>/dev/null || true
	PID=
}

rm -f "$tmp"/parley.db*
./parley admin create-account bench --admin-email "$EMAIL" \
	--admin-password "$PASSWORD" --db "sqlite:$tmp/parley.db" >/dev/null
serve "$tmp/seed.log"
token=$(curl -s -u "$EMAIL:$PASSWORD" -H 'Content-Type: application/json' \
	-d '{"api_token":{"description":"bench"}}' "$ORIGIN/api/v2/api_tokens.json" |
	sed -n 's/.*"token":"\([A-Za-z0-9]*\)".*/\1/p')
AUTH="Basic $(printf '%s/token:%s' "$EMAIL" "$token" | base64 -w0)"
node bench/seed.js "$ORIGIN" "$AUTH" "$N"
if [ -n "${BENCH_FIELD:-}" ]; then
	old=$(sqlite3 "$tmp/parley.db" 'SELECT max(stamp) FROM ticket_renders')
	curl -sf -o /dev/null -H "Authorization: $AUTH" \
		-H 'Content-Type: application/json' "$ORIGIN/api/v2/ticket_fields.json" \
		-d '{"ticket_field":{"type":"text","title":"Bench"}}'
	while [ -n "${BENCH_BACKFILL:-}" ] && [ "$(sqlite3 "$tmp/parley.db" \
		".timeout 10000" "SELECT (SELECT count(*) FROM ticket_renders
		WHERE stamp = $old) + (SELECT count(*) FROM ticket_renders_due)")" != 0 ]; do
		sleep 0.2
	done
fi
stop
BACKFILL=0
cp "$tmp/parley.db" "$tmp/seeded.db"

# Ir in the annotation of FILE whose line matches PATTERN (all: PROGRAM TOTALS).
ir() {
	callgrind_annotate "$1" 2>/dev/null | grep -E "$2" |
		awk '{ gsub(",", "", $1); s += $1 } END { print s + 0 }'
}

printf '%-8s %14s %16s\n' kind "Ir/request" "without memset"
for kind in "${KINDS[@]}"; do
	cp "$tmp/seeded.db" "$tmp/parley.db"
	rm -f "$tmp/parley.db-wal" "$tmp/parley.db-shm"
	out="$tmp/cg.$kind.out"
	serve "$tmp/$kind.log" valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file="$out"
	node bench/drive.js "$ORIGIN" "$AUTH" "$kind" 20 1 "$N"
	callgrind_control -i on "$PID" >/dev/null 2>&1
	node bench/drive.js "$ORIGIN" "$AUTH" "$kind" "$REQUESTS" 1 "$N"
	callgrind_control -i off "$PID" >/dev/null 2>&1
	stop
	total=$(ir "$out" 'PROGRAM TOTALS')
	memset=$(ir "$out" ':__memset')
	printf '%-8s %14d %16d\n' "$kind" $((total / REQUESTS)) \
		$(((total - memset) / REQUESTS))
done
