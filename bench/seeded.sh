# Sourced by the benchmarks: the data set of bench/search_seed.c in a
# store (search_bench.sh, agent_pages.sh), and `parley serve` over a store
# (those and hc_bench.sh, which seeds its own).
#   seeded_store N      sets W (the work folder: $KEEP, kept and reused,
#                       else a temporary one removed at exit) and DB,
#                       seeding N tickets into DB when it does not exist
#   serve_store T ARGS  starts the server (T threads, more ARGS) on DB in W,
#                       with the file read into the OS cache first unless
#                       COLD=1; sets SERVER and ORIGIN; stopped at exit
# cleanup (the EXIT trap) stops the server and removes W unless KEEP is
# set.  Expects to run from the repository root, with ./parley built.

SERVER=""
cleanup() {
	if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
	[ -n "${KEEP:-}" ] || rm -rf "$W"
}

seeded_store() {
	mkdir -p build/bench
	cc -std=gnu17 -O2 -o build/bench/search_seed bench/search_seed.c -lsqlite3 -lm
	W=${KEEP:-$(mktemp -d)}
	mkdir -p "$W"
	trap cleanup EXIT
	DB="$W/search.db"
	if [ -f "$DB" ]; then
		echo "== data: reusing $DB"
		return
	fi
	echo "== data: $1 tickets, 50,000 end users, 2,000 organizations"
	./parley admin create-account bench --admin-email admin@bench.test \
		--admin-password bench-password-1 --db "sqlite:$DB" >/dev/null
	local t0 root
	t0=$(date +%s)
	root=$(pwd)
	(cd "$W" && "$root/build/bench/search_seed" search.db "$1")
	printf "   loaded in %d s, %s MB\n" "$(( $(date +%s) - t0 ))" \
		"$(( $(stat -c %s "$DB") / 1048576 ))"
}

serve_store() {
	local threads=$1
	shift
	# Warm: the file in the OS cache, as on a server whose store fits in
	# memory (COLD=1 skips this; the figures then include reading from disk).
	if [ -z "${COLD:-}" ]; then
		cat "$DB" "$DB-wal" > /dev/null 2>&1 || true
	fi
	./parley serve --listen 127.0.0.1:0 --db "sqlite:$DB" --threads "$threads" "$@" \
		> "$W/server.log" 2>&1 &
	SERVER=$!
	ORIGIN=
	for _ in $(seq 300); do
		ORIGIN=$(sed -n 's/.*ready on \(http:[^ ]*\).*/\1/p' "$W/server.log")
		[ -n "$ORIGIN" ] && break
		sleep 0.1
	done
	[ -n "$ORIGIN" ] || { echo "bench: server did not start"; cat "$W/server.log"; exit 1; }
}
