#!/usr/bin/env bash
# bench/run.sh: Parley's throughput next to a bare baseline measured in the
# same run (see bench/README.md).  Called by `make bench`.
#
#   bench/run.sh [N]            N tickets to seed (default 10000)
#
# Environment: BENCH_N (N), BENCH_DURATION (10s), BENCH_CONNS (32),
# BENCH_WRK_THREADS (2), BENCH_SERVER_THREADS (4: parley --threads and the
# baselines' MHD pool).
#
# Starts parley on a free port with a temporary store, creates an account
# and an API token, and measures each endpoint with wrk, then the matching
# baseline server with a body of the same size as Parley's answer.  The
# tickets rows run when GET /api/v2/tickets.json answers 200 (a probe);
# otherwise they are listed as skipped.  Prints a table; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-${BENCH_N:-10000}}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
THREADS=${BENCH_SERVER_THREADS:-4}
EMAIL=admin@bench.test
PASSWORD=bench-password-1

for tool in wrk curl node; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
make -s parley build/bench/baseline_http build/bench/baseline_insert

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parley-bench.XXXXXX")
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME CMD...: runs CMD in the background and waits for its
# "ready on http://..." line; sets ORIGIN and SERVER_PID.
start() {
	local name=$1
	shift
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	ORIGIN=
	for _ in $(seq 150); do
		ORIGIN=$(sed -n 's/.*ready on \(http:[^ ]*\).*/\1/p' "$tmp/$name.out")
		[ -n "$ORIGIN" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: $name did not start:" >&2
	cat "$tmp/$name.err" >&2
	exit 1
}

# stop PID: stops a server started by start.
stop() {
	kill "$1"
	wait "$1" 2>/dev/null || true
	local keep=() pid
	for pid in "${PIDS[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
	PIDS=("${keep[@]}")
}

# wrk_run SCRIPT URL [AUTH]: prints "rps p99_ms non2xx errors".
wrk_run() {
	local out
	out=$(BENCH_AUTH=${3-} wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" \
		-s "bench/wrk/$1" "$2")
	out=$(printf '%s\n' "$out" | sed -n 's/^wrk-result //p')
	[ -n "$out" ] || { echo "bench: wrk printed no result for $2" >&2; exit 1; }
	local f
	for f in rps p99_ms non2xx errors; do
		printf '%s ' "$(printf '%s\n' "$out" | sed -n "s/.*\b$f=\([^ ]*\).*/\1/p")"
	done
	echo
}

# size_of PATH: bytes of Parley's answer to an authenticated GET of PATH.
size_of() {
	curl -s -o /dev/null -w '%{size_download}' -H "Authorization: $AUTH" \
		"$PARLEY$1"
}

# row LABEL "parley figures" "baseline figures" SIZE: formats a table line.
row() {
	local label=$1 size=$4
	read -r prps pp99 perr1 perr2 <<<"$2"
	read -r brps bp99 berr1 berr2 <<<"$3"
	local note=""
	[ "$perr1$perr2" = "00" ] || note=" parley: $perr1 non-2xx, $perr2 socket errors"
	[ "$berr1$berr2" = "00" ] || note="$note baseline: $berr1 non-2xx, $berr2 socket errors"
	awk -v l="$label" -v s="$size" -v pr="$prps" -v pp="$pp99" \
		-v br="$brps" -v bp="$bp99" -v n="$note" 'BEGIN {
		printf "%-34s %8s %11.0f %11.0f %7.2f %9.2f %9.2f%s", l, s, pr, br,
			(br > 0 ? pr / br : 0), pp, bp, n }'
	echo
}

echo "== parley bench: N=$N, wrk -t$WRK_THREADS -c$CONNS -d$DURATION," \
	"server threads $THREADS, $(nproc) CPUs"
./parley admin create-account bench --admin-email "$EMAIL" \
	--admin-password "$PASSWORD" --db "sqlite:$tmp/parley.db" >/dev/null
start parley ./parley serve --listen 127.0.0.1:0 --db "sqlite:$tmp/parley.db" \
	--threads "$THREADS"
PARLEY=$ORIGIN
token=$(curl -s -u "$EMAIL:$PASSWORD" -H 'Content-Type: application/json' \
	-d '{"api_token":{"description":"bench"}}' "$PARLEY/api/v2/api_tokens.json" |
	sed -n 's/.*"token":"\([A-Za-z0-9]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: could not create an API token" >&2; exit 1; }
AUTH="Basic $(printf '%s/token:%s' "$EMAIL" "$token" | base64 -w0)"

probe=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $AUTH" \
	"$PARLEY/api/v2/tickets.json")
TICKETS=false
if [ "$probe" = 200 ]; then
	TICKETS=true
	node bench/seed.js "$PARLEY" "$AUTH" "$N" | tee "$tmp/seed.out"
	read -r ID_MIN ID_MAX < <(sed -n 's/.*ids \([0-9]*\)\.\.\([0-9]*\).*/\1 \2/p' "$tmp/seed.out")
fi

printf '\n%-34s %8s %11s %11s %7s %9s %9s\n' endpoint "bytes" "parley r/s" \
	"base r/s" ratio "p99 ms" "base p99"

# GET /api/v2/users/me.json, token auth.
size=$(size_of /api/v2/users/me.json)
pf=$(wrk_run get.lua "$PARLEY/api/v2/users/me.json" "$AUTH")
start baseline build/bench/baseline_http "$size" "$THREADS"
bf=$(wrk_run get.lua "$ORIGIN/api/v2/users/me.json" "$AUTH")
stop "$SERVER_PID"
row "GET /api/v2/users/me.json" "$pf" "$bf" "$size"

if $TICKETS; then
	size=$(size_of "/api/v2/tickets/$ID_MIN.json")
	pf=$(BENCH_ID_MIN=$ID_MIN BENCH_ID_MAX=$ID_MAX wrk_run tickets_show.lua "$PARLEY" "$AUTH")
	start baseline build/bench/baseline_http "$size" "$THREADS"
	bf=$(BENCH_ID_MIN=$ID_MIN BENCH_ID_MAX=$ID_MAX wrk_run tickets_show.lua "$ORIGIN" "$AUTH")
	stop "$SERVER_PID"
	row "GET /api/v2/tickets/{id}.json" "$pf" "$bf" "$size"

	size=$(size_of /api/v2/tickets.json)
	pf=$(wrk_run tickets_list.lua "$PARLEY" "$AUTH")
	start baseline build/bench/baseline_http "$size" "$THREADS"
	bf=$(wrk_run tickets_list.lua "$ORIGIN" "$AUTH")
	stop "$SERVER_PID"
	row "GET /api/v2/tickets.json" "$pf" "$bf" "$size"

	# One POST first: checks it answers 201 and gives the reply size.
	read -r code size < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' \
		-H "Authorization: $AUTH" -H 'Content-Type: application/json' \
		--data-binary @bench/wrk/ticket.json "$PARLEY/api/v2/tickets.json")
	if [ "$code" = 201 ]; then
		pf=$(wrk_run tickets_create.lua "$PARLEY" "$AUTH")
		start baseline build/bench/baseline_insert "$tmp/baseline.db" "$size" "$THREADS"
		bf=$(wrk_run tickets_create.lua "$ORIGIN" "$AUTH")
		stop "$SERVER_PID"
		row "POST /api/v2/tickets.json" "$pf" "$bf" "$size"
	else
		echo "POST /api/v2/tickets.json          skipped: answered $code"
	fi
else
	for e in "GET /api/v2/tickets/{id}.json" "GET /api/v2/tickets.json" \
		"POST /api/v2/tickets.json"; do
		printf '%-34s skipped: GET /api/v2/tickets.json answered %s\n' "$e" "$probe"
	done
fi
echo
echo "ratio = parley r/s / baseline r/s (bare MHD; for POST, MHD + the same"
echo "SQLite inserts); bytes = size of Parley's response body, served by the baseline."
